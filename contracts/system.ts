// System routes' contract: health and readiness.
import { z } from 'zod';

export const ZHealth = z.object({ status: z.literal('ok') });
export const ZReady = z.object({ status: z.literal('ready'), database: z.literal('up') });
