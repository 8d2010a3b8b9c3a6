import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('listener-abort-signal', { cases: 25, untouched: 8 });
