"""GetSigningCertificate: the certificate a SAML identity provider checks the pool's signed requests with."""
from __future__ import annotations

from ....backend.idp.federation import certificates
from ...registry import IDP, Context, action
from .. import find


@action(IDP, "GetSigningCertificate")
def get_signing_certificate(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"Certificate": certificates.certificate_body(certificates.signing_certificate(ctx.env, pool))}
