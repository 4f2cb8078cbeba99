// Amplify v6 (aws-amplify/auth) against cognito-mock's server through `userPoolEndpoint`: signIn with
// SRP (Amplify's default flow), then the session's tokens. Prints one JSON line; exits 1 on any error.
import { Amplify } from "aws-amplify";
import { signIn, fetchAuthSession, getCurrentUser, signOut } from "aws-amplify/auth";

const [endpoint, userPoolId, userPoolClientId, username, password] = process.argv.slice(2);
Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint } } });
const result = await signIn({ username, password });
const session = await fetchAuthSession();
const current = await getCurrentUser();
let wrong = null;
await signOut();
try {
  await signIn({ username, password: "not-the-password" });
} catch (error) {
  wrong = { name: error.name, message: error.message };
}
console.log(JSON.stringify({
  signedIn: result.isSignedIn, step: result.nextStep.signInStep, username: current.username,
  idToken: session.tokens.idToken.toString(), wrong,
}));
