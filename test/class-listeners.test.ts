import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('listener-abort-signal', { cases: 95, untouched: 44 });
