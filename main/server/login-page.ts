/**
 * The page a browser gets without the token or a session: where to find the token, and a field to
 * paste it into (as Jupyter offers). Plain HTML with no script, under its own strict policy.
 */
export function loginPage(wrongToken: boolean): string {
  const problem = wrongToken
    ? '<p class="problem">That token is not this server\'s. Tokens change every time <code>mnist-lab serve</code> starts.</p>'
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>MNIST Lab — sign in</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 34rem; margin: 12vh auto; padding: 0 1.5rem; }
  code { font-size: 0.92em; }
  .problem { color: #b3261e; }
  form { display: flex; gap: 0.5rem; margin-top: 1rem; }
  input { flex: 1; font: inherit; padding: 0.4rem 0.6rem; }
  button { font: inherit; padding: 0.4rem 0.9rem; }
</style>
</head>
<body>
<h1>MNIST Lab</h1>
${problem}
<p>This lab is protected by a token. Open the address that <code>mnist-lab serve</code> printed when it started
(it ends in <code>?token=…</code>), or paste the token here.</p>
<form method="get" action="/">
  <label for="token" hidden>Token</label>
  <input id="token" name="token" autocomplete="off" spellcheck="false" placeholder="token" required>
  <button type="submit">Open the lab</button>
</form>
</body>
</html>
`;
}
