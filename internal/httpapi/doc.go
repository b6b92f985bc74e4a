package httpapi

// The general information of the OpenAPI document; swag reads it from here.
//
//	@title						stdreg — Zhejiang standards registry
//	@version					1.0
//	@description				The registry of standards and drafts for Zhejiang province: standards institutes register standards and drafts, third-party applications query them, auditors measure drafting cycles. Errors are RFC 9457 problem details (`application/problem+json`); lists are keyset-paginated with opaque `page_token`s; single resources carry an `ETag` that `PATCH` and `DELETE` honour through `If-Match`, and a `GET` with `If-None-Match` naming the current version is answered 304. Rate limits are per API key, and per client address for anonymous callers: every limited answer carries the IETF `RateLimit-Policy` (`"key";q=burst;w=seconds to refill`) and `RateLimit` (`"key";r=remaining;t=seconds until full`) headers, and a 429 `Retry-After`. Bodies are JSON in UTF-8 (a `charset` other than `utf-8` is 415); field names match exactly, and an unknown or miscased name, a name given twice, or text that is not UTF-8 is a 400 naming the field. Text holds no control characters (a transition's note may hold line breaks and tabs), a value of only white space and invisible characters is absent, and days lie between 1949-01-01 and 2100-12-31, in bodies, parameters and imported files alike. Problems (their `title`, `detail` and field messages) and an import's report are in English, or in Simplified Chinese when `Accept-Language` prefers it (`zh-CN`); the answer's `Content-Language` says which, and `Vary: Accept-Language` goes with it.
//	@contact.name				stdreg
//	@license.name				Apache-2.0
//	@BasePath					/
//	@schemes					http https
//	@produce					json
//	@tag.name					standards
//	@tag.description			Standards and drafts
//	@tag.name					organizations
//	@tag.description			Institutes, associations, enterprises and bureaus
//	@tag.name					codes
//	@tag.description			Standard numbers
//	@tag.name					metrics
//	@tag.description			Drafting cycles, overdue drafts and the plan's targets, for auditors
//	@tag.name					changes
//	@tag.description			The change feed: what changed since a client last looked, for keeping a copy of the registry
//	@tag.name					keys
//	@tag.description			API keys (admins)
//	@tag.name					audit
//	@tag.description			The audit log of every write (admins and auditors)
//	@tag.name					operations
//	@tag.description			Health of the service
//
//	@securityDefinitions.apikey	BearerAuth
//	@in							header
//	@name						Authorization
//	@description				An API key, sent as `Authorization: Bearer stdreg_…`. Reads of public records need none; writes, unapproved drafts, keys and the audit log do.
