// Command check validates the Kubernetes manifests of deployments/kubernetes
// offline, with no cluster: each document is decoded strictly into the
// Kubernetes API's own Go types (k8s.io/api), so a misspelt or misplaced
// field, or a value of the wrong type, is an error, as the API server's
// strict field validation would make it; then the manifests are checked
// against each other and against what stdreg needs (probes, limits, the
// selectors matching the pods, the HPA naming the Deployment).
//
// It is a module of its own so that the service's module does not depend
// on k8s.io/api. Run it from this folder: go run . ../*.yaml
//
// With "compose FILE" it checks a Compose file instead (checkCompose).
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

func main() {
	run := run
	if len(os.Args) == 3 && os.Args[1] == "compose" {
		run = func(args []string) error { return checkCompose(args[1]) }
	}
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// manifests are the objects read, by kind.
type manifests struct {
	deployments []appsv1.Deployment
	services    []corev1.Service
	configMaps  []corev1.ConfigMap
	secrets     []corev1.Secret
	hpas        []autoscalingv2.HorizontalPodAutoscaler
	pdbs        []policyv1.PodDisruptionBudget
	jobs        []batchv1.Job
}

func run(files []string) error {
	if len(files) == 0 {
		return errors.New("usage: check FILE.yaml…")
	}
	var m manifests
	var errs []error
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		for i, doc := range bytes.Split(data, []byte("\n---")) {
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			if err := m.add(doc); err != nil {
				errs = append(errs, fmt.Errorf("%s, document %d: %w", file, i+1, err))
			}
		}
	}
	errs = append(errs, m.check()...)
	if err := errors.Join(errs...); err != nil {
		return err
	}
	fmt.Printf("%d files valid: %d Deployment, %d Service, %d ConfigMap, %d Secret, %d HorizontalPodAutoscaler, %d PodDisruptionBudget, %d Job\n",
		len(files), len(m.deployments), len(m.services), len(m.configMaps), len(m.secrets), len(m.hpas), len(m.pdbs), len(m.jobs))
	return nil
}

// add decodes doc strictly into the type its apiVersion and kind name.
func (m *manifests) add(doc []byte) error {
	var meta metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return err
	}
	strict := func(into any) error { return yaml.UnmarshalStrict(doc, into) }
	switch meta.APIVersion + " " + meta.Kind {
	case "apps/v1 Deployment":
		m.deployments = append(m.deployments, appsv1.Deployment{})
		return strict(&m.deployments[len(m.deployments)-1])
	case "v1 Service":
		m.services = append(m.services, corev1.Service{})
		return strict(&m.services[len(m.services)-1])
	case "v1 ConfigMap":
		m.configMaps = append(m.configMaps, corev1.ConfigMap{})
		return strict(&m.configMaps[len(m.configMaps)-1])
	case "v1 Secret":
		m.secrets = append(m.secrets, corev1.Secret{})
		return strict(&m.secrets[len(m.secrets)-1])
	case "autoscaling/v2 HorizontalPodAutoscaler":
		m.hpas = append(m.hpas, autoscalingv2.HorizontalPodAutoscaler{})
		return strict(&m.hpas[len(m.hpas)-1])
	case "policy/v1 PodDisruptionBudget":
		m.pdbs = append(m.pdbs, policyv1.PodDisruptionBudget{})
		return strict(&m.pdbs[len(m.pdbs)-1])
	case "batch/v1 Job":
		m.jobs = append(m.jobs, batchv1.Job{})
		return strict(&m.jobs[len(m.jobs)-1])
	}
	return fmt.Errorf("unexpected %s %s", meta.APIVersion, meta.Kind)
}

// check is what holds the manifests together.
func (m *manifests) check() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	names := map[string]bool{}
	for _, c := range m.configMaps {
		names["ConfigMap/"+c.Name] = true
	}
	for _, s := range m.secrets {
		names["Secret/"+s.Name] = true
	}
	if len(m.deployments) != 1 {
		fail("want one Deployment, found %d", len(m.deployments))
		return errs
	}
	d := m.deployments[0]
	pod := d.Spec.Template.Labels
	if d.Spec.Selector == nil || !matches(d.Spec.Selector.MatchLabels, pod) {
		fail("Deployment %s: its selector does not select its own pods", d.Name)
	}
	podSpecs := map[string]corev1.PodSpec{"Deployment/" + d.Name: d.Spec.Template.Spec}
	for _, j := range m.jobs {
		podSpecs["Job/"+j.Name] = j.Spec.Template.Spec
	}
	for owner, spec := range podSpecs {
		for _, c := range spec.Containers {
			if c.Resources.Limits.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
				fail("%s: container %s has no cpu and memory limits", owner, c.Name)
			}
			for _, from := range c.EnvFrom {
				if r := from.ConfigMapRef; r != nil && !names["ConfigMap/"+r.Name] {
					fail("%s: container %s reads ConfigMap %s, which is not among the manifests", owner, c.Name, r.Name)
				}
				if r := from.SecretRef; r != nil && !names["Secret/"+r.Name] {
					fail("%s: container %s reads Secret %s, which is not among the manifests", owner, c.Name, r.Name)
				}
			}
		}
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		for probe, p := range map[string]*corev1.Probe{"readiness": c.ReadinessProbe, "liveness": c.LivenessProbe} {
			if p == nil || p.HTTPGet == nil {
				fail("Deployment %s: container %s has no HTTP %s probe", d.Name, c.Name, probe)
			}
		}
		if p := c.ReadinessProbe; p != nil && p.HTTPGet != nil && p.HTTPGet.Path != "/readyz" {
			fail("Deployment %s: the readiness probe asks %s, not /readyz", d.Name, p.HTTPGet.Path)
		}
	}
	for _, s := range m.services {
		if !matches(s.Spec.Selector, pod) {
			fail("Service %s selects no pod of Deployment %s", s.Name, d.Name)
		}
	}
	for _, p := range m.pdbs {
		if p.Spec.Selector == nil || !matches(p.Spec.Selector.MatchLabels, pod) {
			fail("PodDisruptionBudget %s selects no pod of Deployment %s", p.Name, d.Name)
		}
	}
	for _, h := range m.hpas {
		if h.Spec.ScaleTargetRef.Kind != "Deployment" || h.Spec.ScaleTargetRef.Name != d.Name {
			fail("HorizontalPodAutoscaler %s scales %s/%s, not Deployment %s", h.Name, h.Spec.ScaleTargetRef.Kind, h.Spec.ScaleTargetRef.Name, d.Name)
		}
		if h.Spec.MinReplicas != nil && *h.Spec.MinReplicas < 2 {
			fail("HorizontalPodAutoscaler %s may scale down to %d pod: the PodDisruptionBudget needs two", h.Name, *h.Spec.MinReplicas)
		}
	}
	for _, s := range m.secrets {
		for k := range s.StringData {
			if !strings.HasPrefix(k, "STDREG_") {
				fail("Secret %s: %s is not a variable stdreg reads", s.Name, k)
			}
		}
	}
	return errs
}

// matches reports whether selector (non-empty) selects labels.
func matches(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}
