import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('class-listeners');
