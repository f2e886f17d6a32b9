/**
 * The spinner of anything busy: the element's busy button, and the popup's placeholder page
 * (`aria-busy` on its body). No element of its own: a `::before`, so an element costs no node.
 */
import { css } from 'lit';

export const SPINNER = css`
  [aria-busy='true'] {
    cursor: progress;
  }
  [aria-busy='true']::before {
    content: '';
    width: 0.8em;
    height: 0.8em;
    border: 2px solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [aria-busy='true']::before {
      animation-duration: 4s;
    }
  }
`;
