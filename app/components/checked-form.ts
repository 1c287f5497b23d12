import type { SubmissionResult } from "@conform-to/react";
import { useState, type FocusEvent, type FormEvent } from "react";
import type { FieldErrors } from "~/utils/idea-page-checks";

type State = { result: SubmissionResult<string[]> | null; errors: FieldErrors; checked: boolean };

const fromResult = (result: SubmissionResult<string[]> | null): State => ({
  result,
  errors: Object.fromEntries(Object.entries(result?.error ?? {}).map(([name, e]) => [name, e ?? undefined])),
  checked: result != null,
});

const hasErrors = (errors: FieldErrors) => Object.values(errors).some((e) => e?.length);

/**
 * A small stand-in for Conform's useForm on forms rendered many times a page (a hide form per
 * comment): the same field ids (`<form id>-<name>`), the same messages and the same timing: the
 * browser checks the fields when the form is sent (and stops it on an error, focusing the first
 * field in error), then again as each field is left; the server's reply (lastResult, also without
 * JavaScript) shows its errors and puts the typed values back. One state hook and no subscriptions,
 * so rendering stays cheap on the server.
 */
export function useCheckedForm({
  id,
  lastResult,
  check,
  defaultValue = {},
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | null;
  check: (form: FormData) => FieldErrors;
  defaultValue?: Record<string, string>;
}) {
  const [state, setState] = useState(() => fromResult(lastResult));
  let current = state;
  if (state.result !== lastResult) {
    // A new reply from the server replaces whatever the browser found before.
    current = fromResult(lastResult);
    setState(current);
  }
  const typed = lastResult?.initialValue ?? null;

  const form = {
    /** Errors of the whole form (the server's). */
    errors: current.errors[""],
    /** For the <Form>: its id, no browser bubbles (the messages are the page's own) and the checks. */
    props: {
      id,
      noValidate: true,
      onSubmit,
      onBlur,
    },
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const element = event.currentTarget;
    const errors = check(new FormData(element));
    setState({ result: lastResult, errors, checked: true });
    if (!hasErrors(errors)) return;
    event.preventDefault();
    for (const control of Array.from(element.elements) as HTMLInputElement[]) {
      if (control.name && errors[control.name]?.length && control.type !== "hidden") {
        control.focus();
        break;
      }
    }
  }

  function onBlur(event: FocusEvent<HTMLFormElement>) {
    // The field just left (React's onBlur bubbles from it to the form).
    const name = (event.target as Element).getAttribute("name");
    if (!current.checked || !name) return;
    const errors = check(new FormData(event.currentTarget));
    setState((s) => ({ ...s, errors: { ...s.errors, [name]: errors[name] } }));
  }

  const field = (name: string) => {
    const errors = current.errors[name];
    const initial = typed?.[name];
    return {
      id: `${id}-${name}`,
      name,
      formId: id,
      errors,
      defaultValue: typeof initial === "string" ? initial : defaultValue[name],
    };
  };

  return { form, field };
}

export type CheckedField = ReturnType<ReturnType<typeof useCheckedForm>["field"]>;

/** The props of a control for a field: id, name, form, the typed value and aria-invalid when in error. */
export function controlProps(field: CheckedField) {
  return {
    id: field.id,
    name: field.name,
    form: field.formId,
    defaultValue: field.defaultValue,
    "aria-invalid": field.errors?.length ? true : undefined,
  };
}
