/** `npm run build` runs this after tsc: `node dist/src/spec/compile-main.js`. */
import { writeCompiledSpec } from './write-compiled.js';

try {
  const { validators, fileSchemas } = writeCompiledSpec();
  process.stdout.write(`compiled spec: ${validators} validators, ${fileSchemas} input-file schemas\n`);
} catch (err) {
  process.stderr.write(`compiling the spec failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
