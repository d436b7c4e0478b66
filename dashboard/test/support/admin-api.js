// The admin API as the e2e tests call it besides the browser: fails the test on any non-2xx answer.
import assert from "node:assert/strict";

export async function adminCall(server, method, path, body) {
  const response = await fetch(`${server.url}${path}`, {
    method, headers: { Authorization: `Bearer ${server.adminKey}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
  return response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
}
