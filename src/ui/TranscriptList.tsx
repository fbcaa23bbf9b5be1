import { memo, useEffect, useRef } from 'react';
import type { TranscriptSegment } from '../storage/types';
import { TranscriptSegmentRow, type SegmentActions } from './TranscriptSegmentRow';

interface Props {
  /** In time order. */
  segments: readonly TranscriptSegment[];
  actions: SegmentActions;
  canRetranscribe: boolean;
  /** Shown when there are no segments yet. */
  emptyText: string;
  /** Segments a note item cites (app/evidence.ts); the first is scrolled into view when it changes. */
  highlightedIds?: ReadonlySet<string>;
}

/**
 * The transcript, one row per segment. Deliberately not a live region: a screen reader would read
 * every new utterance over the consultation; the region's status line reports progress instead.
 * Memoised so the screen's once-a-second re-render while recording does not walk hundreds of rows.
 */
export const TranscriptList = memo(function TranscriptList({ segments, actions, canRetranscribe, emptyText, highlightedIds }: Props) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector('.segment-highlighted')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [highlightedIds]);
  if (segments.length === 0) return <p className="transcript-empty">{emptyText}</p>;
  return (
    <ol className="transcript-list" ref={list}>
      {segments.map((segment) => (
        <TranscriptSegmentRow
          key={segment.id}
          segment={segment}
          actions={actions}
          canRetranscribe={canRetranscribe}
          highlighted={highlightedIds?.has(segment.id) ?? false}
        />
      ))}
    </ol>
  );
});
