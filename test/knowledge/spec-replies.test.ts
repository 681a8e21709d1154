// Every reply that ../shared/spec/microsoft-behaviour.md quotes (§1.4, §2–§4, §8), word for word as the spec gives
// it (placeholders filled), with the cause it must lead to. Replies tagged [U] in the spec are tested on their
// code, not on wording beyond what the spec quotes.
import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {classifyText} from '../../src/knowledge/classify.js'
import {explainText} from '../../src/explain/explain-text.js'

const APP = '9a1b2c3d-0000-4000-8000-00000000abcd'
const HEX = '08DC48BEE95C08E5'
const BR = `[SN2PR00CA0018.namprd00.prod.outlook.com 2024-03-20T10:27:56.998Z ${HEX}]`

// [spec section, reply, cause]
const REPLIES: [string, string, string][] = [
  // §1.4 token endpoint
  ['1.4 90002', "AADSTS90002: Tenant 'contso.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", 'token.tenant-not-found'],
  ['1.4 90002 older', 'AADSTS90002: Tenant contso.onmicrosoft.com not found. This may happen if there are no active subscriptions for the tenant. Check with your subscription administrator.', 'token.tenant-not-found'],
  ['1.4 900023', "AADSTS900023: Specified tenant identifier 'oauth2' is neither a valid DNS name, nor a valid external domain.", 'token.tenant-not-found'],
  ['1.4 50059', 'AADSTS50059: No tenant-identifying information found in either the request or implied by any provided credentials.', 'token.tenant-not-found'],
  ['1.4 700016', `AADSTS700016: Application with identifier '${APP}' was not found in the directory 'contoso.onmicrosoft.com'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`, 'token.app-not-found'],
  ['1.4 70001', `AADSTS70001: Application with identifier '${APP}' was not found in the directory contoso.onmicrosoft.com`, 'token.app-not-found'],
  ['1.4 7000215', `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP}'.`, 'token.invalid-secret'],
  ['1.4 7000215 older', 'AADSTS7000215: Invalid client secret is provided.', 'token.invalid-secret'],
  ['1.4 7000222', `AADSTS7000222: The provided client secret keys for app '${APP}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`, 'token.secret-expired'],
  ['1.4 7000222 older', 'AADSTS7000222: The provided client secret keys are expired. Visit the Azure Portal to create new keys for your app, or consider using certificate credentials for added security: https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials', 'token.secret-expired'],
  ['1.4 7000218', "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", 'token.missing-secret'],
  ['1.4 7000216', "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type", 'token.missing-secret'],
  ['1.4 700025', "AADSTS700025: Client is public so neither 'client_assertion' nor 'client_secret' should be presented.", 'token.public-client'],
  ['1.4 1002012', 'AADSTS1002012: The provided value for scope SMTP.SendAsApp is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).', 'token.invalid-scope'],
  ['1.4 70011', "AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope https://outlook.office365.com/SMTP.SendAsApp is not valid.", 'token.invalid-scope'],
  ['1.4 70011 2021', "AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope SMTP.Send is not valid.", 'token.invalid-scope'],
  ['1.4 500011', 'AADSTS500011: The resource principal named https://outlook.office356.com was not found in the tenant named Contoso. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.', 'token.resource-not-found'],
  ['1.4 7000112', `AADSTS7000112: Application '${APP}'(Mailer) is disabled.`, 'token.app-disabled'],
  ['1.4 53003', 'AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.', 'token.conditional-access'],
  ['1.4 msal-node 1.x', "invalid_client: 7000218 - [2022-04-13 21:48:53Z]: AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", 'token.missing-secret'],
  ['1.4 msal-node 2.x without description', 'ServerError: invalid_client: Error(s): 7000222 - Timestamp: 2024-03-20 10:27:51Z - Description: (redacted) - Correlation ID: 5c6d7e8f-aaaa-4bbb-8ccc-ddddeeeeffff', 'token.secret-expired'],
  // §2 / §3 resources
  ['2.2 Graph with an Outlook token', 'Access token validation failure. Invalid audience.', 'claims.wrong-audience'],
  ['2.3 no roles (resource)', 'Either scp or roles claim need to be present in the token.', 'claims.no-application-roles'],
  ['2.3 IDW10201', 'IDW10201: Neither scope or roles claim was found in the bearer token.', 'claims.no-application-roles'],
  ['3.3 Graph 403', '{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"request-id":"5c6d7e8f-aaaa-4bbb-8ccc-ddddeeeeffff","date":"2020-01-27T19:20:20"}}}', 'graph.consent-missing'],
  ['3.3 no permissions', 'The token contains no permissions, or permissions can not be understood.', 'claims.no-application-roles'],
  // §4 protocols
  ['4.2 IMAP', 'A1 NO AUTHENTICATE failed.', 'exchange.authorization-failed'],
  ['4.2 POP', '-ERR Authentication failure: unknown user name or bad password.', 'exchange.authorization-failed'],
  ['4.3 535 5.7.3', '535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com]', 'exchange.authorization-failed'],
  ['4.3 535 5.7.3 bracket', `535 5.7.3 Authentication unsuccessful ${BR}`, 'exchange.authorization-failed'],
  ['4.3 5.7.139 tenant', '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [MN2PR05CA0004.namprd05.prod.outlook.com 2023-09-12T20:59:57.214Z 08DBB276B7E699C4]', 'exchange.smtp-auth-disabled-tenant'],
  ['4.3 5.7.139 mailbox', '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.', 'exchange.smtp-auth-disabled-mailbox'],
  ['4.3 5.7.139 basic', `535 5.7.139 Authentication unsuccessful, basic authentication is disabled. ${BR}`, 'config.basic-auth'],
  ['4.3 5.7.139 bare', '535 5.7.139 Authentication unsuccessful [LO4P265CA0200.GBRP265.PROD.OUTLOOK.COM]', 'exchange.smtp-auth-disabled-tenant'],
  ['4.3 504 5.7.4', '504 5.7.4 Unrecognized authentication type [MW4PR03CA0123.namprd03.prod.outlook.com]', 'config.basic-auth'],
  ['4.3 530 5.7.57', '530 5.7.57 Client not authenticated to send mail. [FR5P281CA0041.DEUP281.PROD.OUTLOOK.COM 2024-10-09T10:39:31.988Z 08DCE8162EC4E3C0]', 'config.no-smtp-auth'],
  ['4.3 5.7.57 NDR text', '5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM', 'config.no-smtp-auth'],
  ['4.3 451 5.7.3', '451 5.7.3 STARTTLS is required to send mail [SG2PR02CA0073.apcprd02.prod.outlook.com 2024-07-24T03:43:18.298Z 08DCAB6EB788477A]', 'config.smtp-tls-mode'],
  ['4.3 530 5.7.0', '530 5.7.0 Must issue a STARTTLS command first', 'config.smtp-tls-mode'],
  ['4.3 421 4.7.66', '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls. [SA9P221CA0019.NAMP221.PROD.OUTLOOK.COM]', 'network.tls-failure'],
  ['4.3 5.2.252', '554 5.2.252 SendAsDenied; sender@contoso.com not allowed to send as noreply@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message.', 'exchange.send-as-denied'],
  ['4.3 5.2.0 SendAs older', '554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message.', 'exchange.send-as-denied'],
  ['4.3 5.7.60', '550 5.7.60 SMTP; Client does not have permissions to send as this sender', 'exchange.send-as-denied'],
  ['4.3 430 4.2.0', '430 4.2.0 STOREDRV; mailbox logon failure; STOREDRV.Submission.Exception:ConnectionFailedTransientException.MapiExceptionLogonFailed; Failed to process message due to a transient exception with message [BeginDiagnosticData]Cannot open mailbox. Server = x', 'exchange.mailbox-permission-missing'],
  ['4.3 mailbox cannot be accessed', '550 5.2.1 Mailbox cannot be accessed [CWXP265CA0023.GBRP265.PROD.OUTLOOK.COM]', 'exchange.mailbox-permission-missing'],
  ['4.3 5.5.124', '501 5.5.124 Invalid XOAUTH2 auth data - User address provided is not valid. Please ensure the auth d', 'config.invalid-value'],
  ['4.4 IMAP LOGIN', 'A1 NO LOGIN failed.', 'config.basic-auth'],
  ['4.4 IMAP not connected', 'A2 BAD User is authenticated but not connected.', 'exchange.imap-disabled'],
  ['4.5 POP basic', '-ERR Logon failure: unknown user name or bad password.', 'config.basic-auth'],
  // §8.1.5 / §8.1.7 certificates and assertions
  ['8.1.5 PEM string', 'ClientCertificateCredential: Provide either a PEM certificate in string form, or the path to that certificate in the filesystem. To troubleshoot, visit https://aka.ms/azsdk/js/identity/serviceprincipalauthentication/troubleshoot.', 'config.client-certificate'],
  ['8.1.5 PEM file', 'The file at the specified path does not contain a PEM-encoded certificate.', 'config.client-certificate'],
  ['8.1.7 700027 not registered', `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${APP}'.`, 'token.certificate-not-registered'],
  ['8.1.7 700027 expired', "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: 'DA20FCA696C4F83E8A9AED59BE33368ED421F3C1', Found key 'Start=06/29/2021 21:13:15, End=06/29/2023 21:13:15'", 'token.certificate-expired'],
  ['8.1.7 700027 signature', "AADSTS700027: Client assertion contains an invalid signature. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: 'DA20FCA696C4F83E8A9AED59BE33368ED421F3C1'", 'token.certificate-not-registered'],
  ['8.1.7 700024', 'AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-10-02T22:05:03.6755165Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 2024-10-02T21:30:53.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .', 'token.assertion-invalid'],
  ['8.1.7 700021', "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .", 'token.assertion-invalid'],
  ['8.1.7 50048', 'AADSTS50048: Subject must match the issuer claim in the client assertion.', 'token.assertion-invalid'],
  ['8.1.7 700023', 'AADSTS700023: Client assertion audience claim does not match Realm issuer. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .', 'token.assertion-invalid'],
  ['8.1.7 legacy audience', 'AADSTS70002: Error validating credentials. AADSTS50012: Client assertion audience claim does not match Realm issuer.', 'token.assertion-invalid'],
  ['8.1.7 50027', 'AADSTS50027: JWT token is invalid or malformed.', 'token.assertion-invalid'],
  ['8.1.7 5002738', "AADSTS5002738: Invalid JWT token. 'ES384' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, HS256'", 'config.client-certificate'],
  ['8.1.7 5002730', 'AADSTS5002730: Invalid JWT token. Unsupported key for the signing algorithm.', 'config.client-certificate'],
  // §8.2.4 federation
  ['8.2.4 70021', "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation", 'token.federation-mismatch'],
  ['8.2.4 700211', "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com/'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.", 'token.federation-mismatch'],
  ['8.2.4 700212', "AADSTS700212: No matching federated identity record found for presented assertion audience 'api://wrong'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.", 'token.federation-mismatch'],
  ['8.2.4 700213', "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:ref:refs/heads/main'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation", 'token.federation-mismatch'],
  ['8.2.4 7002138', "AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:Contoso/app:environment:prod'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.", 'token.federation-mismatch'],
  ['8.2.3 one audience', 'Federated identity credentials must have exactly one audience.', 'token.federation-mismatch'],
  // §8.3.1 policy replies to basic SMTP AUTH
  ['8.3.1 security defaults', "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator.", 'config.basic-auth'],
  ['8.3.1 criteria', '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator. [BN9PR03CA0716.namprd03.prod.outlook.com 2026-07-01T01:57:31.695Z 08DED6A3FAA75B29]', 'config.basic-auth'],
  ['8.3.1 credentials incorrect', '535 5.7.139 Authentication unsuccessful, the user credentials were incorrect. [CH2PR15CA0029.namprd15.prod.outlook.com]', 'config.basic-auth'],
  // §8.4 retirement
  ['8.4.1 5.7.30', '550 5.7.30 Basic authentication is not supported for Client Submission.', 'config.basic-auth'],
  // §8.5 mailbox kinds and consumer accounts
  ['8.5 9001023', 'AADSTS9001023: The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.', 'config.consumer-account'],
  ['8.5 msal-node', 'missing_tenant_id_error: A tenant id - not common, organizations, or consumers - must be specified when using the client_credentials flow.', 'config.token-url'],
  ['8.5 consumer IMAP password', 'A1 NO Basic authentication is disabled.', 'config.basic-auth'],
  ['8.5.1 no mailbox', '{"error":{"code":"MailboxNotEnabledForRESTAPI","message":"The mailbox is either inactive, soft-deleted, or is hosted on-premise.","innerError":{"date":"2023-12-05T02:29:56"}}}', 'exchange.no-mailbox'],
  ['8.5.1 older message', 'REST API is not yet supported for this mailbox.', 'exchange.no-mailbox'],
  ['8.5.1 resource not discovered', '{"error":{"code":"ResourceNotFound","message":"Resource could not be discovered."}}', 'exchange.no-mailbox'],
  // §8.6 limits and outbound blocks
  ['8.6.1 concurrent', '432 4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending for more information. [Hostname=OS0PR01MB6099.jpnprd01.prod.outlook.com]', 'exchange.throttled'],
  ['8.6.1 sender thread limit', '432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname=DM5SPR00MB2471.namprd08.prod.outlook.com]', 'exchange.throttled'],
  ['8.6.1 recipients per day', '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException', 'exchange.throttled'],
  ['8.6.1 mailbox full', '554 5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded', 'check.unexplained-failure'],
  ['8.6.1 outbound spam', '554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message [BeginDiagnosticData]WASCL UserAction verdict is not None. Actual verdict is RefuseQuota. OutboundSpamException: WASCL UserAction verdict is not None. Actual verdict is RefuseQuota.[EndDiagnosticData] [Hostname=x]', 'exchange.outbound-blocked'],
  ['8.6.2 5.1.8', '550 5.1.8 Access denied, bad outbound sender', 'exchange.outbound-blocked'],
  ['8.6.2 5.7.501', '550 5.7.501 Service unavailable. Spam abuse detected from IP range. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. S(2017052602)', 'exchange.outbound-blocked'],
  ['8.6.2 5.7.501 older', '550 5.7.501 Access denied, spam abuse detected', 'exchange.outbound-blocked'],
  ['8.6.2 5.7.708', '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.', 'exchange.outbound-blocked'],
  ['8.6.2 5.7.705', '550 5.7.705 Access denied, tenant has exceeded threshold.', 'exchange.outbound-blocked'],
  ['8.6.2 5.7.750', '550 5.7.750 Client blocked from sending from unregistered domain', 'exchange.outbound-blocked'],
  ['8.6.3 IMAP BAD throttled', 'A5 BAD Request is throttled. Suggested Backoff Time: 89117 milliseconds', 'exchange.throttled'],
  ['8.6.3 IMAP NO throttled', 'A7 NO Request is throttled. Suggested Backoff Time: 299609 milliseconds', 'exchange.throttled'],
  // §8.7 / §8.8
  ['8.7 POP one-line AUTH', '-ERR Protocol error. Connection is closed. 10', 'client.pop-one-line-auth'],
  ['8.8.2 IMAP expiry', '* BYE Session invalidated - AccessTokenExpired', 'client.token-not-refreshed'],
  ['8.8.3 resource on v2', "AADSTS901002: The 'resource' request parameter isn't supported.", 'config.token-url'],
]

describe('every reply microsoft-behaviour.md quotes leads to its cause', () => {
  for (const [section, text, cause] of REPLIES) {
    it(`§${section} → ${cause}`, () => {
      const m = classifyText(text)
      assert.ok(m.length > 0, `nothing recognised in: ${text}`)
      const r = explainText(text)
      assert.equal(r.causes[0]!.id, cause, `${text}\n→ ${m.map((x) => `${x.patternId}:${x.causeIds[0]}`).join(', ')}`)
    })
  }
})
