import { createContext, useContext } from 'react';

/**
 * What is wrong with each field of a form, by the field's label: the wizard fills it from
 * its validation and from a failed test, and each Field marks itself from it.
 */
export const FieldIssues = createContext<ReadonlyMap<string, string>>(new Map());

export const useFieldIssue = (label: string): string | undefined => useContext(FieldIssues).get(label);
