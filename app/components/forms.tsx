import { useTranslation } from "~/i18n/use-translation";
import { useId } from "react";

/** Error messages are i18n keys (optionally "key|{json options}") so server and browser show the same words. */
export function useErrorText() {
  const { t } = useTranslation();
  return (message: string) => {
    const [key, json] = message.split("|", 2);
    return t(key, json ? (JSON.parse(json) as Record<string, unknown>) : undefined);
  };
}

// ErrorList and FormError are on every field and form but rarely have anything to show: they check
// first and only then render the part that needs the translation hook.
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  return errors?.length ? <ErrorItems id={id} errors={errors} /> : null;
}

function ErrorItems({ id, errors }: { id?: string; errors: string[] }) {
  const text = useErrorText();
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700">
      {errors.map((e) => (
        <li key={e}>{text(e)}</li>
      ))}
    </ul>
  );
}

type FieldProps = {
  label: string;
  inputProps: React.InputHTMLAttributes<HTMLInputElement> & { key?: string | undefined };
  errors?: string[] | null;
  hint?: string;
  className?: string;
};

export function Field({ label, inputProps, errors, hint, className }: FieldProps) {
  const fallbackId = useId();
  const { key, ...props } = inputProps;
  const id = props.id ?? fallbackId;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        key={key}
        id={id}
        {...props}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
        className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid]:border-red-600"
      />
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

export function FormError({ errors }: { errors?: string[] | null }) {
  return errors?.length ? <FormErrorBox errors={errors} /> : null;
}

function FormErrorBox({ errors }: { errors: string[] }) {
  const text = useErrorText();
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      {errors.map((e) => (
        <p key={e}>{text(e)}</p>
      ))}
    </div>
  );
}

export function SubmitButton({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  return (
    <button
      type="submit"
      className={`rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 ${className}`}
    >
      {children}
    </button>
  );
}

/** Conform's prop helpers include `key`, which React refuses to receive through a spread. */
export function withoutKey<T extends { key?: unknown }>(props: T): Omit<T, "key"> {
  const { key: _key, ...rest } = props;
  return rest;
}
