package httpapi

// Health is the answer of the health endpoints.
type Health struct {
	Status string `json:"status" example:"ok"`
} //	@name	Health
