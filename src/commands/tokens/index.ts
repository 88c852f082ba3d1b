// Commands for token functions, tokens, the inspector and the local exchange.
import type { CommandHandler } from '../registry';

export const tokenCommands: Record<string, CommandHandler> = {};
