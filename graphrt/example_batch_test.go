package graphrt_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
)

// exampleBatchServer answers $batch calls: GET /things/{id} with the thing,
// 404 for /things/missing, DELETE with 204.
func exampleBatchServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Requests []batchReq }
		json.NewDecoder(r.Body).Decode(&in)
		var out []batchResp
		for _, q := range in.Requests {
			a := batchResp{ID: q.ID, Status: http.StatusNoContent}
			id := strings.TrimPrefix(q.URL, "/things/")
			switch {
			case id == "missing":
				a.Status, a.Headers = 404, map[string]string{"request-id": "r-1"}
				a.Body = map[string]any{"error": map[string]string{"code": "NotFound", "message": "no thing missing"}}
			case q.Method == "GET":
				a.Status, a.Headers, a.Body = 200, map[string]string{"Content-Type": "application/json"}, thing{ID: id, N: 1}
			}
			out = append(out, a)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"responses": out})
	}))
}

func ExampleBatch() {
	srv := exampleBatchServer()
	defer srv.Close()
	c := graphrt.NewClient(srv.URL + "/v1.0")
	ctx := context.Background()

	// getThing and deleteThing stand for a generated client's methods.
	b := graphrt.NewBatch(c)
	var a *thing
	get := b.Add(func(ctx context.Context) (err error) {
		a, err = getThing(ctx, c, "a", nil)
		return err
	})
	del := b.Add(func(ctx context.Context) error {
		return deleteThing(ctx, c, "a")
	}, get) // only once get has succeeded
	missing := b.Add(func(ctx context.Context) error {
		_, err := getThing(ctx, c, "missing", nil)
		return err
	})
	if err := b.Send(ctx); err != nil {
		fmt.Println("batch failed:", err)
		return
	}
	fmt.Println(get.Status(), a.ID, a.N)
	fmt.Println(del.Status(), del.Err())
	fmt.Println(missing.Err())
	// Output:
	// 200 a 1
	// 204 <nil>
	// graph: 404 NotFound: no thing missing (request-id r-1)
}
