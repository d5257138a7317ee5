// Every route module, registered in one place (order matters only for identical paths).
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { registerSystemRoutes } from './system';
import { registerAuthRoutes } from './auth';
import { registerProgrammeRoutes } from './programmes';
import { registerAppPageRoutes } from './app-page';

export function registerAllRoutes(api: ApiRegistry, ctx: AppContext): void {
  registerSystemRoutes(api, ctx);
  registerAuthRoutes(api, ctx);
  registerProgrammeRoutes(api, ctx);
  registerAppPageRoutes(api, ctx);
}
