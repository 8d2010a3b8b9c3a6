import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('effect-listeners');
