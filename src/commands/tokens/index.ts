// Commands for token functions, tokens, the inspector and the local exchange.
import type { CommandDefinition } from '../registry';
import { addTokenFunctionCommand } from './addTokenFunction';
import { checkFederationCommand } from './checkFederation';
import { createTokenFunctionProjectCommand } from './createTokenFunctionProject';
import { decodeTokenCommand } from './decodeToken';
import { diagnoseFederationCommand } from './diagnoseFederation';
import { exchangeForAppTokenCommand } from './exchangeForAppToken';
import { invokeEndpointCommand } from './invokeEndpoint';
import { editTokenFunctionKeyCommand, refreshTokenFunctionsCommand, removeTokenFunctionCommand } from './manageTokenFunctions';

export const tokenCommands: readonly CommandDefinition[] = [
  addTokenFunctionCommand,
  createTokenFunctionProjectCommand,
  editTokenFunctionKeyCommand,
  removeTokenFunctionCommand,
  refreshTokenFunctionsCommand,
  invokeEndpointCommand,
  exchangeForAppTokenCommand,
  diagnoseFederationCommand,
  checkFederationCommand,
  decodeTokenCommand,
];
