// A grade as a coloured tag: the letter, and its meaning in words unless `short`.
import { Tag, Tooltip } from 'antd';
import { GRADE_COLORS } from './score-format';
import { useST } from './score-i18n';

export function GradeTag({ grade, short = false }: { grade: string; short?: boolean }) {
  const { known } = useST();
  const meaning = known('grade', grade, '');
  const letter = grade === 'N' ? meaning || grade : grade;
  const label = short || grade === 'N' || !meaning ? letter : `${grade} · ${meaning}`;
  return (
    <Tooltip title={short && meaning && grade !== 'N' ? meaning : undefined}>
      <Tag
        color={GRADE_COLORS[grade] ?? 'default'}
        data-testid="grade-tag"
        data-grade={grade}
        style={{ marginInlineEnd: 0 }}
      >
        {label}
      </Tag>
    </Tooltip>
  );
}
