// The AWS SDK for JavaScript v3 against cognito-mock's server: sign up, confirm (the code comes from the
// emulator's outbox over HTTP), sign in, read the user. Prints one JSON line; exits 1 on any error.
import {
  CognitoIdentityProviderClient, SignUpCommand, ConfirmSignUpCommand, InitiateAuthCommand, GetUserCommand,
} from "@aws-sdk/client-cognito-identity-provider";

const [endpoint, clientId] = process.argv.slice(2);
const idp = new CognitoIdentityProviderClient({
  region: "us-east-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
await idp.send(new SignUpCommand({
  ClientId: clientId, Username: "js-user", Password: "Passw0rd!",
  UserAttributes: [{ Name: "email", Value: "js@example.com" }],
}));
const outbox = await (await fetch(`${endpoint}/_mock/messages?destination=js@example.com`)).json();
const code = outbox.messages.at(-1).code;
await idp.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "js-user", ConfirmationCode: code }));
const auth = await idp.send(new InitiateAuthCommand({
  ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "js-user", PASSWORD: "Passw0rd!" },
}));
const user = await idp.send(new GetUserCommand({ AccessToken: auth.AuthenticationResult.AccessToken }));
let wrong = null;
try {
  await idp.send(new InitiateAuthCommand({
    ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "js-user", PASSWORD: "nope" },
  }));
} catch (error) {
  wrong = { name: error.name, message: error.message };
}
console.log(JSON.stringify({ username: user.Username, idToken: auth.AuthenticationResult.IdToken, wrong }));
