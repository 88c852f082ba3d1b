// Registers the token function's HTTP functions with the Azure Functions host (Node.js
// programming model v4). The handlers live in ../handlers: plain functions of a request.
import { app } from '@azure/functions';
import { TOKEN_FUNCTION_ROUTES } from '../handlers/routes';

for (const { name, route, methods, authLevel, handler } of TOKEN_FUNCTION_ROUTES) {
  app.http(name, { route, methods, authLevel, handler });
}
