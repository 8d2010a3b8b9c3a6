import { describeFileFixtures } from './helpers/fixture-suite.js';

describeFileFixtures('class-listeners', { cases: 95, untouched: 44 });
