// Batching against the fake.
//
// TestBatchAgainstFake sends several calls of the generated client in one
// JSON batch (graphrt.NewBatch): the generated fake answers POST /$batch as
// Graph does, serving each request as if sent alone, so batching code can
// be tested offline. Each item has its own outcome: here two creates, a get
// that depends on the first create, and a get of an id the fake does not
// have, which fails alone with 404.

package downstream_test

import (
	"context"
	"errors"
	"testing"

	"github.com/graphdoc/graphdoc/graphrt"
	"github.com/graphdoc/graphdoc/graphrt/fake"

	"example.com/downstream/sprockets"
)

func TestBatchAgainstFake(t *testing.T) {
	// Ids the test can name before the batch is sent: a batch cannot use
	// one request's answer in another.
	ids := []string{"cog-1", "cog-2"}
	srv := newFakeServer(t, fake.IDs(func() string { id := ids[0]; ids = ids[1:]; return id }))
	client := sprockets.NewClient(srv)
	ctx := context.Background()

	b := graphrt.NewBatch(client.Runtime())
	var front, rear *sprockets.Sprocket
	create := b.Add(func(ctx context.Context) (err error) {
		front, err = client.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{DisplayName: ptr("Chainring 42T")})
		return err
	})
	b.Add(func(ctx context.Context) (err error) {
		rear, err = client.WorkshopSprocketsCreate(ctx, &sprockets.Sprocket{DisplayName: ptr("Rear cog 14T")})
		return err
	})
	var got *sprockets.Sprocket
	get := b.Add(func(ctx context.Context) (err error) {
		got, err = client.WorkshopSprocketsGet(ctx, "cog-1", nil)
		return err
	}, create) // sent once the create has succeeded
	missing := b.Add(func(ctx context.Context) error {
		_, err := client.WorkshopSprocketsGet(ctx, "no-such-cog", nil)
		return err
	})
	if err := b.Send(ctx); err != nil {
		t.Fatalf("the batch failed: %v", err)
	}

	if create.Err() != nil || *front.Id != "cog-1" || *rear.Id != "cog-2" {
		t.Fatalf("creates: %+v %+v, %v", front, rear, create.Err())
	}
	if get.Err() != nil || *got.DisplayName != "Chainring 42T" {
		t.Errorf("get: %+v, %v", got, get.Err())
	}
	var ge *graphrt.Error
	if !errors.As(missing.Err(), &ge) || ge.StatusCode != 404 {
		t.Errorf("get of a missing id: %v, want a 404", missing.Err())
	}
}
