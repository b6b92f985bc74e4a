package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/registry"
)

// keysCommand manages API keys from the server's own machine: this is how
// the first admin key comes to be. It acts as the operator, recorded in the
// audit log as "stdreg command line".
func keysCommand(getenv func(string) string, stdout, stderr io.Writer) *cobra.Command {
	keys := &cobra.Command{Use: "keys", Short: "Create, list and revoke API keys"}

	withRegistry := func(cmd *cobra.Command, do func(ctx context.Context, svc *registry.Service) error) error {
		session, err := openOperatorSession(cmd.Context(), getenv, stderr)
		if err != nil {
			return err
		}
		defer session.close()
		return do(session.ctx, session.registry)
	}

	var role, organization, name string
	create := &cobra.Command{
		Use:   "create --role ROLE [--organization ID] [--name NAME]",
		Short: "Create a key and print it, alone, on standard output (it is shown only this once)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withRegistry(cmd, func(ctx context.Context, svc *registry.Service) error {
				_, secret, err := svc.CreateKey(ctx, access.Key{Role: access.Role(role), OrganizationID: organization, Name: name})
				if err != nil {
					return explain(err)
				}
				_, err = fmt.Fprintln(stdout, secret)
				return err
			})
		},
	}
	create.Flags().StringVar(&role, "role", "", "admin, editor, auditor or reader (an application's key: public reads, its own rate limit)")
	create.Flags().StringVar(&organization, "organization", "", "the organization id (editors only)")
	create.Flags().StringVar(&name, "name", "", "a name to tell the key by")
	_ = create.MarkFlagRequired("role")

	list := &cobra.Command{
		Use:   "list",
		Short: "List keys, newest first (never the keys themselves)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withRegistry(cmd, func(ctx context.Context, svc *registry.Service) error {
				w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "ID\tPREFIX\tROLE\tORGANIZATION\tNAME\tCREATED\tLAST USED\tREVOKED")
				var after *paging.Cursor
				for {
					page, err := svc.ListKeys(ctx, after, 200)
					if err != nil {
						return err
					}
					for _, k := range page.Items {
						fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Role, dash(k.OrganizationID), k.Name,
							k.CreatedAt.Format(time.RFC3339), instant(k.LastUsedAt), instant(k.RevokedAt))
					}
					if page.Next == nil {
						return w.Flush()
					}
					after = page.Next
				}
			})
		},
	}

	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke a key; it stops working at once",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withRegistry(cmd, func(ctx context.Context, svc *registry.Service) error {
				k, err := svc.RevokeKey(ctx, args[0], nil)
				if err != nil {
					return explain(err)
				}
				fmt.Fprintf(stderr, "revoked %s (%s, %s)\n", k.ID, k.Prefix, k.Name)
				return nil
			})
		},
	}
	keys.AddCommand(create, list, revoke)
	return keys
}

// explain spells out a domain error's field problems for a terminal.
func explain(err error) error {
	var de *fault.Error
	if !errors.As(err, &de) || len(de.Fields) == 0 {
		return err
	}
	msg := de.Message.String()
	for _, f := range de.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Field, f.Message)
	}
	return fmt.Errorf("%s", msg)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func instant(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}
