import { describeProjectFixtures } from './helpers/fixture-suite.js';

describeProjectFixtures('back-pointer');
