/**
 * Imported first by bench/support/cold-child.ts: with IAM_WORKBENCH_COLD_AS_SERVER=1 the child holds its young
 * generation as the server does from its first import (server/hold-young-generation.ts, core/runtime/young-generation.ts),
 * so a first look in process runs under the server's heap settings (the spawner passes serverExecArgv()).
 */
import { holdYoungGeneration } from '../../core/runtime/young-generation';

if (process.env.IAM_WORKBENCH_COLD_AS_SERVER === '1') holdYoungGeneration();
