/**
 * The server's first import (server/main.ts): holds the young generation before any other module of the bundle runs
 * its top level (the bundle evaluates modules in import order; loading the rest grows the young generation, ~200 ms
 * of it). See core/runtime/young-generation.ts.
 */
import { holdYoungGeneration } from '../core/runtime/young-generation';

holdYoungGeneration();
