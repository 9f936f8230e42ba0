import { useState } from 'react';
import { App, Grid, Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Opportunity, Pipeline, Stage } from '@tuoke/shared';
import { useErrorHandler } from '../../app/errors';
import { LostReasonModal } from './LostReasonModal';
import { useMoveStage } from './useOpportunities';
import { stageGateMessage } from './useStageProcess';

/** The pipeline's stages as a progress bar; clicking a stage moves the deal there. */
export function StageProgress({
  opportunity,
  pipeline,
  canMove,
}: {
  opportunity: Opportunity;
  pipeline: Pipeline | undefined;
  canMove: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const move = useMoveStage();
  const handleError = useErrorHandler();
  const [lostStage, setLostStage] = useState<Stage | null>(null);
  const stages = pipeline?.stages ?? [];
  const current = stages.findIndex((s) => s.id === opportunity.stageId);

  const doMove = async (stage: Stage, lostReason?: string, lostCompetitor?: string) => {
    try {
      await move.mutateAsync({
        id: opportunity.id,
        version: opportunity.version,
        stageId: stage.id,
        lostReason,
        lostCompetitor,
      });
      message.success(t('opportunities.moved', { stage: stage.name }));
    } catch (err) {
      const refused = stageGateMessage(t, err, stage.name);
      if (refused) message.error({ content: refused, duration: 8 });
      else handleError(err);
      throw err;
    }
  };

  const onChange = (index: number) => {
    const stage = stages[index];
    if (!stage || !canMove || stage.id === opportunity.stageId || move.isPending) return;
    if (stage.kind === 'lost') setLostStage(stage);
    else void doMove(stage).catch(() => undefined);
  };

  return (
    <>
      <Steps
        className="stage-steps"
        size="small"
        orientation={screens.md ? 'horizontal' : 'vertical'}
        current={current}
        status={opportunity.status === 'lost' ? 'error' : opportunity.status === 'won' ? 'finish' : 'process'}
        onChange={canMove ? onChange : undefined}
        data-testid="stage-steps"
        items={stages.map((s) => ({
          title: <span data-testid={`stage-step-${s.id}`}>{s.name}</span>,
          content: s.kind === 'open' ? `${s.probability}%` : undefined,
          disabled: !canMove || move.isPending,
        }))}
      />
      <LostReasonModal
        open={Boolean(lostStage)}
        stageName={lostStage?.name}
        onCancel={() => setLostStage(null)}
        onSubmit={async (reason, competitor) => {
          if (!lostStage) return;
          await doMove(lostStage, reason, competitor);
          setLostStage(null);
        }}
      />
    </>
  );
}
