import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Class } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);

export interface AjvModules {
  Ajv2020: typeof Ajv2020Class;
  addFormats: (typeof addFormatsModule)['default'];
}

let loaded: AjvModules | undefined;

/**
 * ajv and ajv-formats, loaded on first use: with the build's compiled validators a run never
 * compiles a schema, so it need not pay for loading the compiler (both packages are CommonJS).
 */
export function loadAjv(): AjvModules {
  loaded ??= {
    Ajv2020: (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020Class }).Ajv2020,
    addFormats: require('ajv-formats') as (typeof addFormatsModule)['default'],
  };
  return loaded;
}
