import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('listener-pair-to-signal');
