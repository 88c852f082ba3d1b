// VS Code in the browser only honours the extension-test payload in the URL when
// developmentOptions.enableSmokeTestDriver is on, and code-server has no flag for it. This runs
// in the page before the workbench reads its configuration (page.addInitScript) and turns the
// option on as the configuration is read. Rewriting the served HTML instead (page.route) makes
// Chromium block the workbench's websockets, so the patch goes on getAttribute.
//
// The function is serialized into the page: it must not use anything from this module's scope.
export function enableSmokeTestDriver(): void {
  const original = Element.prototype.getAttribute;
  Element.prototype.getAttribute = function (this: Element, name: string): string | null {
    const value = original.call(this, name);
    if (value && name === 'data-settings' && this.id === 'vscode-workbench-web-configuration') {
      try {
        const settings = JSON.parse(value);
        settings.developmentOptions = { ...settings.developmentOptions, enableSmokeTestDriver: true };
        return JSON.stringify(settings);
      } catch {
        return value;
      }
    }
    return value;
  };
}
