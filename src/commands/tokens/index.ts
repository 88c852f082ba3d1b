// Commands for token functions, tokens, the inspector and the local exchange.
import type { CommandHandler } from '../registry';
import { addTokenFunction } from './addTokenFunction';
import { createTokenFunctionProject } from './createTokenFunctionProject';
import { decodeToken } from './decodeToken';
import { diagnoseFederation } from './diagnoseFederation';
import { exchangeForAppToken } from './exchangeForAppToken';
import { invokeEndpoint } from './invokeEndpoint';
import { editTokenFunctionKey, refreshTokenFunctions, removeTokenFunction } from './manageTokenFunctions';

export const tokenCommands: Record<string, CommandHandler> = {
  'miFederation.addTokenFunction': addTokenFunction as CommandHandler,
  'miFederation.createTokenFunctionProject': createTokenFunctionProject as CommandHandler,
  'miFederation.editTokenFunctionKey': editTokenFunctionKey as CommandHandler,
  'miFederation.removeTokenFunction': removeTokenFunction as CommandHandler,
  'miFederation.refreshTokenFunctions': refreshTokenFunctions as CommandHandler,
  'miFederation.invokeTokenFunction': invokeEndpoint as CommandHandler,
  'miFederation.exchangeForAppToken': exchangeForAppToken as CommandHandler,
  'miFederation.diagnoseFederation': diagnoseFederation as CommandHandler,
  'miFederation.decodeToken': decodeToken as CommandHandler,
};
