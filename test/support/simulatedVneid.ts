/**
 * A tiny browser for tests of the OpenID sign-in (issue #14): follows the provider's redirects with its own cookie
 * jar, presses the simulated VNeID's button for one demo person, and hands back the URL the provider redirects to
 * at OneStop's callback (which the test then sends to the app).
 */
export class ProviderBrowser {
  private readonly cookies = new Map<string, string>();

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /**
   * From the provider's authorization URL to the redirect back to `callbackPrefix`: signs in as `citizenId` on the
   * simulator's page when it asks. Returns the callback URL (with code and state, or error).
   */
  async signIn(
    authorizationUrl: string,
    citizenId: string,
    callbackPrefix: string,
    /** The form field the button sets: `account` on the simulated province SSO. */
    field = "citizen_id",
  ): Promise<string> {
    let url = authorizationUrl;
    for (let hop = 0; hop < 12; hop++) {
      if (url.startsWith(callbackPrefix)) return url;
      const interaction = /\/interaction\/([\w-]+)$/.exec(new URL(url).pathname);
      const response = interaction
        ? await this.request(`${new URL(url).origin}/interaction/${interaction[1]}/login`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ [field]: citizenId }).toString(),
          })
        : await this.request(url);
      const location = response.headers.get("location");
      if (!location) {
        if (interaction) throw new Error(`sign-in refused: ${response.status} ${await response.text()}`);
        // The interaction page itself: the next hop posts the form.
        if (response.status === 200 && /\/interaction\//.test(url)) continue;
        throw new Error(`no redirect from ${url}: ${response.status} ${await response.text()}`);
      }
      url = new URL(location, url).href;
    }
    throw new Error("too many redirects");
  }
}
