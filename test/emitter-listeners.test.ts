import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('emitter-listeners', { cases: 14, untouched: 7 });
