import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('effect-listeners', { cases: 12, untouched: 4 });
