// Suggested annotations (spec section 9), for the CLI's `casemark suggest` and the server's code actions.
export { suggestAnnotations, suggestionEdit, applySuggestions, type Suggestion } from './suggest.ts';
export { drugOccurrences } from './occurrences.ts';
export { stripAnnotations, type StrippedAnnotation } from './strip.ts';
