// Command oidc-provider runs a real OpenID Connect provider for Tributary's tests: the
// zitadel/oidc library's certified provider (code flow, PKCE, discovery, JWKS, userinfo)
// with its example in-memory storage and login form, configured from the command line
// instead of the example's fixed localhost clients, bound to 127.0.0.1 only, and giving
// each user a "groups" claim (what Tributary maps to roles).
//
// Usage: oidc-provider -port N -client-id ID -client-secret S -redirect URL -users FILE
// where FILE is JSON: [{"id": "u1", "username": "stella", "password": "…",
// "email": "…", "groups": ["tributary-stewards"]}].
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// testUser is one entry of the users file.
type testUser struct {
	ID       string   `json:"id"`
	Username string   `json:"username"`
	Password string   `json:"password"`
	Email    string   `json:"email"`
	Groups   []string `json:"groups"`
}

// userStore serves the users file to the example storage.
type userStore struct {
	users []testUser
}

func (s userStore) find(match func(testUser) bool) *storage.User {
	for _, u := range s.users {
		if match(u) {
			return &storage.User{ID: u.ID, Username: u.Username, Password: u.Password, Email: u.Email,
				EmailVerified: true, FirstName: u.Username}
		}
	}
	return nil
}

func (s userStore) GetUserByID(id string) *storage.User {
	return s.find(func(u testUser) bool { return u.ID == id })
}

func (s userStore) GetUserByUsername(name string) *storage.User {
	return s.find(func(u testUser) bool { return u.Username == name })
}

func (s userStore) ExampleClientID() string { return "" }

func (s userStore) groups(id string) []string {
	for _, u := range s.users {
		if u.ID == id {
			return u.Groups
		}
	}
	return nil
}

// withGroups adds the "groups" claim to the ID token (when the "groups" scope was asked
// for) and to the userinfo answer.
type withGroups struct {
	*storage.Storage
	users userStore
}

func (s withGroups) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, request op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, info, request, scopes); err != nil {
		return err
	}
	for _, scope := range scopes {
		if scope == "groups" {
			info.AppendClaims("groups", s.users.groups(request.GetSubject()))
		}
	}
	return nil
}

func (s withGroups) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, info, tokenID, subject, origin); err != nil {
		return err
	}
	info.AppendClaims("groups", s.users.groups(subject))
	return nil
}

func main() {
	port := flag.Int("port", 0, "port on 127.0.0.1")
	clientID := flag.String("client-id", "tributary", "the relying party's client id")
	clientSecret := flag.String("client-secret", "", "the relying party's client secret")
	redirects := flag.String("redirect", "", "allowed redirect URIs, comma-separated")
	usersFile := flag.String("users", "", "JSON file of users")
	flag.Parse()
	if *port == 0 || *clientSecret == "" || *redirects == "" || *usersFile == "" {
		fmt.Fprintln(os.Stderr, "usage: oidc-provider -port N -client-secret S -redirect URL -users FILE")
		os.Exit(2)
	}
	data, err := os.ReadFile(*usersFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var users []testUser
	if err := json.Unmarshal(data, &users); err != nil {
		fmt.Fprintln(os.Stderr, "users file:", err)
		os.Exit(1)
	}
	store := userStore{users}
	storage.RegisterClients(storage.WebClient(*clientID, *clientSecret, strings.Split(*redirects, ",")...))
	issuer := fmt.Sprintf("http://127.0.0.1:%d/", *port)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	router := exampleop.SetupServer(issuer, withGroups{storage.NewStorage(store), store}, logger, false)
	server := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", *port), Handler: router}
	logger.Info("listening", "issuer", issuer)
	if err := server.ListenAndServe(); err != http.ErrServerClosed {
		logger.Error("server stopped", "error", err)
		os.Exit(1)
	}
}
