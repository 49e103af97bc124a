package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/internal/api"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// TestNoPanicEscapes: a panic below the handler (here in the public-access analysis) answers
// 500 with code internal and a JSON body, and the handler goes on answering.
func TestNoPanicEscapes(t *testing.T) {
	t.Parallel()
	h := api.New(api.Options{PublicAccess: func([]byte, string) any { panic("the analysis broke") }})
	body := `{"kind": "resource", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}}`
	for range 2 {
		r := httptest.NewRequest("POST", "/api/v1/validate", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		var e api.Error
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != http.StatusInternalServerError || e.Code != api.CodeInternal || !strings.Contains(e.Message, "the analysis broke") {
			t.Fatalf("%d %s (%v)", w.Code, w.Body.Bytes(), err)
		}
	}
	r := httptest.NewRequest("GET", "/api/v1/health", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("after a panic, health answers %d", w.Code)
	}
}
