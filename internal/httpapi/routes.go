package httpapi

import (
	"github.com/labstack/echo/v4"
)

// routes lists every route the service answers.
func (s *Server) routes(e *echo.Echo) {
	v1 := e.Group("/api/v1")

	v1.GET("/standards", s.listStandards)
	v1.POST("/standards", s.createStandard)
	v1.GET("/standards/lookup", s.lookupStandard)
	v1.GET("/standards/export", s.exportStandards)
	v1.GET("/standards/:id", s.getStandard)
	v1.PATCH("/standards/:id", s.patchStandard)
	v1.DELETE("/standards/:id", s.deleteStandard)
	v1.GET("/standards/:id/transitions", s.listTransitions)
	v1.POST("/standards/:id/transitions", s.moveStandard)
	v1.POST("/standards/:id/corrections", s.correctStandard)
	v1.GET("/standards/:id/cycle", s.standardCycle)

	v1.GET("/metrics/drafting-cycle", s.draftingCycle)
	v1.GET("/metrics/overdue", s.overdue)
	v1.GET("/metrics/plan-targets", s.planTargets)

	v1.GET("/organizations", s.listOrganizations)
	v1.GET("/organizations/export", s.exportOrganizations)
	v1.POST("/organizations/import", s.importOrganizations)
	v1.POST("/organizations", s.createOrganization)
	v1.GET("/organizations/:id", s.getOrganization)
	v1.PATCH("/organizations/:id", s.patchOrganization)
	v1.DELETE("/organizations/:id", s.deleteOrganization)

	v1.GET("/projects", s.listProjects)
	v1.POST("/projects", s.createProject)
	v1.GET("/projects/export", s.exportProjects)
	v1.POST("/projects/import", s.importProjects)
	v1.GET("/projects/:id", s.getProject)
	v1.PATCH("/projects/:id", s.patchProject)
	v1.DELETE("/projects/:id", s.deleteProject)

	v1.GET("/pilots", s.listPilots)
	v1.POST("/pilots", s.createPilot)
	v1.GET("/pilots/export", s.exportPilots)
	v1.POST("/pilots/import", s.importPilots)
	v1.GET("/pilots/:id", s.getPilot)
	v1.PATCH("/pilots/:id", s.patchPilot)
	v1.DELETE("/pilots/:id", s.deletePilot)

	v1.GET("/technical-bodies", s.listTechnicalBodies)
	v1.POST("/technical-bodies", s.createTechnicalBody)
	v1.GET("/technical-bodies/export", s.exportTechnicalBodies)
	v1.POST("/technical-bodies/import", s.importTechnicalBodies)
	v1.GET("/technical-bodies/:id", s.getTechnicalBody)
	v1.PATCH("/technical-bodies/:id", s.patchTechnicalBody)
	v1.DELETE("/technical-bodies/:id", s.deleteTechnicalBody)

	v1.POST("/imports", s.importStandards)
	v1.GET("/imports/template", s.importTemplate)

	v1.GET("/codes/parse", s.parseCode)
	v1.GET("/regions", s.listRegions)
	v1.GET("/plans", s.listPlans)
	v1.POST("/plans", s.createPlan)
	v1.GET("/plans/:id", s.getPlan)

	v1.GET("/keys", s.listKeys)
	v1.POST("/keys", s.createKey)
	v1.GET("/keys/:id", s.getKey)
	v1.DELETE("/keys/:id", s.revokeKey)

	v1.GET("/audit-events", s.listAuditEvents)

	v1.GET("/changes", s.listChanges)

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/openapi.json", s.serveOpenAPI)
	e.GET("/docs", s.swaggerUI)
	e.GET("/docs/*", swaggerAssets())

	s.pages.Register(e)
}
