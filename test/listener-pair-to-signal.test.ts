import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('listener-pair-to-signal', { cases: 8, untouched: 3 });
