import { describeFileFixtures, describeProjectFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('class-listeners');
describeProjectFixtures('class-listeners');
