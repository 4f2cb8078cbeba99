// Amplify v6 (aws-amplify/auth) sign-up against cognito-mock's server through `userPoolEndpoint`.
//   node amplify_sign_up.mjs ENDPOINT POOL_ID CLIENT_ID sign-up USERNAME PASSWORD EMAIL
//   node amplify_sign_up.mjs ENDPOINT POOL_ID CLIENT_ID confirm USERNAME CODE
// Prints one JSON line (the step Amplify reports next); exits 1 on any error.
import { Amplify } from "aws-amplify";
import { signUp, confirmSignUp } from "aws-amplify/auth";

const [endpoint, userPoolId, userPoolClientId, command, username, ...rest] = process.argv.slice(2);
Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint } } });
let result;
if (command === "sign-up") {
  const [password, email] = rest;
  result = await signUp({ username, password, options: { userAttributes: { email } } });
} else if (command === "confirm") {
  result = await confirmSignUp({ username, confirmationCode: rest[0] });
} else {
  throw new Error(`unknown command ${command}`);
}
console.log(JSON.stringify({
  complete: result.isSignUpComplete, step: result.nextStep.signUpStep, userId: result.userId ?? null,
  delivery: result.nextStep.codeDeliveryDetails ?? null,
}));
