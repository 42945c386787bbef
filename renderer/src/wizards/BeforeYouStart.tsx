import { useId } from 'react';

/** What has to be in place first: the things that make a setup take days when they are missing. */
export function BeforeYouStart({ items }: { items: string[] }) {
  const id = useId();
  if (items.length === 0) return null;
  return (
    <section className="before-you-start" aria-labelledby={id}>
      <h2 id={id}>Before you start</h2>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
