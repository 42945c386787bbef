import { useId } from 'react';
import { sortLabels, typeChoices, typeLabels, type SortOrder, type TypeFilter, type TypeKey } from './result-order';

interface Props {
  summary: string;
  sort: SortOrder;
  onSort(sort: SortOrder): void;
  type: TypeFilter;
  onType(type: TypeFilter): void;
  counts: Record<TypeKey, number>;
  /** Sorting by name or date only orders what has arrived; say so while more can come. */
  partial: boolean;
}

export function ResultsToolbar({ summary, sort, onSort, type, onType, counts, partial }: Props) {
  const id = useId();
  return (
    <div className="results-toolbar">
      <p className="results-summary" role="status">
        {summary}
      </p>
      {partial && sort !== 'relevance' && <span className="results-note">sorted among the results loaded so far</span>}
      <div className="results-controls">
        <label htmlFor={`${id}-type`}>Type</label>
        <select id={`${id}-type`} value={type} onChange={(e) => onType(e.target.value as TypeFilter)}>
          <option value="all">{typeLabels.all}</option>
          {typeChoices(counts, type).map((key) => (
            <option key={key} value={key}>
              {typeLabels[key]} ({counts[key]})
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-sort`}>Sort</label>
        <select id={`${id}-sort`} value={sort} onChange={(e) => onSort(e.target.value as SortOrder)}>
          {(Object.keys(sortLabels) as SortOrder[]).map((key) => (
            <option key={key} value={key}>
              {sortLabels[key]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
