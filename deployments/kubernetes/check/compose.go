package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"
)

// composeFile is the part of a Compose file checked here.
type composeFile struct {
	Services map[string]struct {
		Image     string         `json:"image"`
		Build     map[string]any `json:"build"`
		DependsOn any            `json:"depends_on"` // a list, or a map of conditions
		Volumes   []string       `json:"volumes"`
		Env       map[string]any `json:"environment"`
	} `json:"services"`
	Volumes map[string]any `json:"volumes"`
}

// checkCompose checks a Compose file without Docker: every service has an
// image or a build whose Dockerfile exists, depends only on services of
// the file, mounts files that exist and volumes it declares; and the
// deployment it describes is the one stdreg needs (two instances on a
// primary with a replica, behind a proxy).
func checkCompose(file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var c composeFile
	if err := yaml.Unmarshal(data, &c); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	dir := filepath.Dir(file)
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(file+": "+format, args...)) }
	instances := 0
	for name, s := range c.Services {
		if s.Image == "" && s.Build == nil {
			fail("service %s has neither image nor build", name)
		}
		if s.Build != nil {
			ctx, _ := s.Build["context"].(string)
			dockerfile, _ := s.Build["dockerfile"].(string)
			if _, err := os.Stat(filepath.Join(dir, ctx, dockerfile)); err != nil {
				fail("service %s builds from %s, which does not exist", name, filepath.Join(ctx, dockerfile))
			}
		}
		var deps []string
		switch d := s.DependsOn.(type) {
		case []any:
			for _, v := range d {
				deps = append(deps, fmt.Sprint(v))
			}
		case map[string]any:
			for k := range d {
				deps = append(deps, k)
			}
		}
		for _, d := range deps {
			if _, ok := c.Services[d]; !ok {
				fail("service %s depends on %s, which is not a service", name, d)
			}
		}
		for _, v := range s.Volumes {
			source, _, _ := strings.Cut(v, ":")
			if strings.HasPrefix(source, ".") || strings.HasPrefix(source, "/") {
				if _, err := os.Stat(filepath.Join(dir, source)); err != nil {
					fail("service %s mounts %s, which does not exist", name, source)
				}
			} else if _, ok := c.Volumes[source]; !ok {
				fail("service %s mounts volume %s, which is not declared", name, source)
			}
		}
		if u, ok := s.Env["STDREG_DATABASE_REPLICA_URLS"]; ok && s.Build != nil {
			instances++
			if !strings.Contains(fmt.Sprint(u), "@postgres-replica:") {
				fail("service %s reads from %v, not the replica", name, u)
			}
		}
	}
	if instances < 2 {
		fail("%d instances read from the replica, want two", instances)
	}
	for _, need := range []string{"postgres", "postgres-replica", "proxy"} {
		if _, ok := c.Services[need]; !ok {
			fail("no service %s", need)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	names := make([]string, 0, len(c.Services))
	for n := range c.Services {
		names = append(names, n)
	}
	slices.Sort(names)
	fmt.Printf("%s valid: services %s\n", file, strings.Join(names, ", "))
	return nil
}
