import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('emitter-listeners');
