import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('emitter-listeners', { cases: 35, untouched: 15 });
