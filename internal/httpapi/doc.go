package httpapi

// The general information of the OpenAPI document; swag reads it from here.
//
//	@title						stdreg — Zhejiang standards registry
//	@version					1.0
//	@description				The registry of standards and drafts for Zhejiang province: standards institutes register standards and drafts, third-party applications query them, auditors measure drafting cycles. Errors are RFC 9457 problem details (`application/problem+json`); lists are keyset-paginated with opaque `page_token`s; single resources carry an `ETag` that `PATCH` and `DELETE` honour through `If-Match`.
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
