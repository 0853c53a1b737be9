import assert from "node:assert/strict";
import { test } from "node:test";
import { hashPassword, needsRehash, PASSWORD_PARAMS, passwordProblem, verifyDummyPassword, verifyPassword } from "./passwords.ts";

const CHEAP = { ln: 4, r: 8, p: 1 };

test("a stored password is a PHC string naming scrypt, its parameters, a salt and the hash", async () => {
  const stored = await hashPassword("correct horse battery staple");
  assert.match(stored, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.equal(await verifyPassword("correct horse battery staple", stored), true);
  assert.equal(await verifyPassword("correct horse battery stapler", stored), false);
  assert.notEqual(await hashPassword("correct horse battery staple", CHEAP), await hashPassword("correct horse battery staple", CHEAP), "a new salt each time");
});

test("a hash made with other parameters still verifies: parameters can be raised without locking anyone out", async () => {
  const old = await hashPassword("sparkling-lemon-thursday", { ln: 10, r: 8, p: 2 });
  assert.match(old, /^\$scrypt\$ln=10,r=8,p=2\$/);
  assert.equal(await verifyPassword("sparkling-lemon-thursday", old), true);
  assert.equal(needsRehash(old), true);
  assert.equal(needsRehash(await hashPassword("x", PASSWORD_PARAMS)), false);
  assert.equal(needsRehash(old, { ln: 10, r: 8, p: 2 }), false);
});

test("the same password typed in composed or decomposed form matches (NFC)", async () => {
  const stored = await hashPassword("café au lait, très chaud", CHEAP);
  assert.equal(await verifyPassword("cafe\u0301 au lait, tre\u0300s chaud", stored), true);
});

test("a malformed or hostile stored string is a mismatch, never an exception or a huge allocation", async () => {
  for (const stored of ["", "plain text", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "$scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", "$scrypt$ln=15,r=8,p=1$$aGFzaA", "$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaA"]) {
    assert.equal(await verifyPassword("anything at all", stored), false, stored);
    assert.equal(needsRehash(stored), true, stored);
  }
});

test("the dummy check takes a real check's path and always fails", async () => {
  assert.equal(await verifyDummyPassword("whatever it is"), false);
});

test("passwordProblem: 12 to 1024 characters, counted as characters, not bytes", () => {
  const cases: [string, string | undefined][] = [
    ["", "must be at least 12 characters; found 0. A few unrelated words make a long password that is easy to remember"],
    ["elevenchars", "must be at least 12 characters; found 11. A few unrelated words make a long password that is easy to remember"],
    ["twelve chars", undefined],
    ["🍋".repeat(11), "must be at least 12 characters; found 11. A few unrelated words make a long password that is easy to remember"],
    ["🍋".repeat(12), undefined],
    ["x".repeat(1024), undefined],
    ["x".repeat(1025), "must be at most 1024 characters; found 1025"],
  ];
  for (const [password, expected] of cases) assert.equal(passwordProblem(password), expected, JSON.stringify(password.slice(0, 20)));
});
