import { defineArea } from "../area";

// The ideas part of the dashboard (funnel, themes, newest, own). Stage and theme names come from the ideas area.
export default defineArea(
  {
    dashboardIdeas: {
      funnel: "Ideas by stage",
      funnelIntro_one: "{{count}} idea in all. The pipeline runs from proposed to the action plan; the bars show how many ideas are at each stage now.",
      funnelIntro_other: "{{count}} ideas in all. The pipeline runs from proposed to the action plan; the bars show how many ideas are at each stage now.",
      step: "Step {{step}} of {{steps}}:",
      exits: "Left the pipeline:",
      themes: "Ideas by theme",
      newest: "Newest ideas",
      none: "No ideas logged yet.",
      allIdeas: "All ideas",
      own: "My ideas",
      ownNone: "You have not logged an idea yet.",
      logIdea: "Log an idea",
      allOwn_one: "All {{count}} of my ideas",
      allOwn_other: "All {{count}} of my ideas",
    },
  },
  {
    dashboardIdeas: {
      funnel: "Ideat vaiheittain",
      funnelIntro_one: "Yhteensä {{count}} idea. Polku kulkee ehdotuksesta toimintasuunnitelmaan; palkit näyttävät, montako ideaa kussakin vaiheessa on nyt.",
      funnelIntro_other: "Yhteensä {{count}} ideaa. Polku kulkee ehdotuksesta toimintasuunnitelmaan; palkit näyttävät, montako ideaa kussakin vaiheessa on nyt.",
      step: "Vaihe {{step}}/{{steps}}:",
      exits: "Poistuneet polulta:",
      themes: "Ideat teemoittain",
      newest: "Uusimmat ideat",
      none: "Ideoita ei ole vielä kirjattu.",
      allIdeas: "Kaikki ideat",
      own: "Omat ideani",
      ownNone: "Et ole vielä kirjannut ideaa.",
      logIdea: "Kirjaa idea",
      allOwn_one: "Kaikki {{count}} omaa ideaani",
      allOwn_other: "Kaikki {{count}} omaa ideaani",
    },
  },
);
