<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.10" tiledversion="1.10.2" name="town" tilewidth="16" tileheight="16" tilecount="315" columns="16">
 <image source="../assets/tiles/town.png" width="256" height="320"/>
 <tile id="0">
  <properties>
   <property name="name" value="grass_0"/>
  </properties>
 </tile>
 <tile id="1">
  <properties>
   <property name="name" value="grass_1"/>
  </properties>
 </tile>
 <tile id="2">
  <properties>
   <property name="name" value="grass_2"/>
  </properties>
 </tile>
 <tile id="3">
  <properties>
   <property name="name" value="grass_3"/>
  </properties>
 </tile>
 <tile id="4">
  <properties>
   <property name="name" value="grass_flowers_0"/>
  </properties>
 </tile>
 <tile id="5">
  <properties>
   <property name="name" value="grass_flowers_1"/>
  </properties>
 </tile>
 <tile id="6">
  <properties>
   <property name="name" value="grass_tuft"/>
  </properties>
 </tile>
 <tile id="7">
  <properties>
   <property name="name" value="dirt_0"/>
  </properties>
 </tile>
 <tile id="8">
  <properties>
   <property name="name" value="dirt_1"/>
  </properties>
 </tile>
 <tile id="9">
  <properties>
   <property name="name" value="sand"/>
  </properties>
 </tile>
 <tile id="10">
  <properties>
   <property name="name" value="path_0"/>
  </properties>
 </tile>
 <tile id="11">
  <properties>
   <property name="name" value="path_1"/>
  </properties>
 </tile>
 <tile id="12">
  <properties>
   <property name="name" value="path_2"/>
  </properties>
 </tile>
 <tile id="13">
  <properties>
   <property name="name" value="path_3"/>
  </properties>
 </tile>
 <tile id="14">
  <properties>
   <property name="name" value="path_4"/>
  </properties>
 </tile>
 <tile id="15">
  <properties>
   <property name="name" value="path_5"/>
  </properties>
 </tile>
 <tile id="16">
  <properties>
   <property name="name" value="path_6"/>
  </properties>
 </tile>
 <tile id="17">
  <properties>
   <property name="name" value="path_7"/>
  </properties>
 </tile>
 <tile id="18">
  <properties>
   <property name="name" value="path_8"/>
  </properties>
 </tile>
 <tile id="19">
  <properties>
   <property name="name" value="path_9"/>
  </properties>
 </tile>
 <tile id="20">
  <properties>
   <property name="name" value="path_10"/>
  </properties>
 </tile>
 <tile id="21">
  <properties>
   <property name="name" value="path_11"/>
  </properties>
 </tile>
 <tile id="22">
  <properties>
   <property name="name" value="path_12"/>
  </properties>
 </tile>
 <tile id="23">
  <properties>
   <property name="name" value="path_13"/>
  </properties>
 </tile>
 <tile id="24">
  <properties>
   <property name="name" value="path_14"/>
  </properties>
 </tile>
 <tile id="25">
  <properties>
   <property name="name" value="path_15"/>
  </properties>
 </tile>
 <tile id="26">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_0"/>
  </properties>
 </tile>
 <tile id="27">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_1"/>
  </properties>
 </tile>
 <tile id="28">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_2"/>
  </properties>
 </tile>
 <tile id="29">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_3"/>
  </properties>
 </tile>
 <tile id="30">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_4"/>
  </properties>
 </tile>
 <tile id="31">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_5"/>
  </properties>
 </tile>
 <tile id="32">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_6"/>
  </properties>
 </tile>
 <tile id="33">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_7"/>
  </properties>
 </tile>
 <tile id="34">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_8"/>
  </properties>
 </tile>
 <tile id="35">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_9"/>
  </properties>
 </tile>
 <tile id="36">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_10"/>
  </properties>
 </tile>
 <tile id="37">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_11"/>
  </properties>
 </tile>
 <tile id="38">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_12"/>
  </properties>
 </tile>
 <tile id="39">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_13"/>
  </properties>
 </tile>
 <tile id="40">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_14"/>
  </properties>
 </tile>
 <tile id="41">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15"/>
  </properties>
 </tile>
 <tile id="42">
  <properties>
   <property name="name" value="road"/>
  </properties>
 </tile>
 <tile id="43">
  <properties>
   <property name="name" value="road_line_h"/>
  </properties>
 </tile>
 <tile id="44">
  <properties>
   <property name="name" value="road_line_v"/>
  </properties>
 </tile>
 <tile id="45">
  <properties>
   <property name="name" value="road_cross"/>
  </properties>
 </tile>
 <tile id="46">
  <properties>
   <property name="name" value="crosswalk_h"/>
  </properties>
 </tile>
 <tile id="47">
  <properties>
   <property name="name" value="crosswalk_v"/>
  </properties>
 </tile>
 <tile id="48">
  <properties>
   <property name="name" value="sidewalk"/>
  </properties>
 </tile>
 <tile id="49">
  <properties>
   <property name="name" value="tree_top"/>
  </properties>
 </tile>
 <tile id="50">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="tree_trunk"/>
  </properties>
 </tile>
 <tile id="51">
  <properties>
   <property name="name" value="tree_big_tl"/>
  </properties>
 </tile>
 <tile id="52">
  <properties>
   <property name="name" value="tree_big_tr"/>
  </properties>
 </tile>
 <tile id="53">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="tree_big_bl"/>
  </properties>
 </tile>
 <tile id="54">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="tree_big_br"/>
  </properties>
 </tile>
 <tile id="55">
  <properties>
   <property name="name" value="pine_top"/>
  </properties>
 </tile>
 <tile id="56">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="pine_trunk"/>
  </properties>
 </tile>
 <tile id="57">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="bush"/>
  </properties>
 </tile>
 <tile id="58">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="hedge"/>
  </properties>
 </tile>
 <tile id="59">
  <properties>
   <property name="name" value="flowerbed_0"/>
  </properties>
 </tile>
 <tile id="60">
  <properties>
   <property name="name" value="flowerbed_1"/>
  </properties>
 </tile>
 <tile id="61">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="rock"/>
  </properties>
 </tile>
 <tile id="62">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="stump"/>
  </properties>
 </tile>
 <tile id="63">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="fence_h"/>
  </properties>
 </tile>
 <tile id="64">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="fence_v"/>
  </properties>
 </tile>
 <tile id="65">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="fence_post"/>
  </properties>
 </tile>
 <tile id="66">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="lamp_post"/>
  </properties>
 </tile>
 <tile id="67">
  <properties>
   <property name="name" value="lamp_post_top"/>
  </properties>
 </tile>
 <tile id="68">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="mailbox"/>
  </properties>
 </tile>
 <tile id="69">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_for_sale"/>
  </properties>
 </tile>
 <tile id="70">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wall_top"/>
  </properties>
 </tile>
 <tile id="71">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wall_front_wood"/>
  </properties>
 </tile>
 <tile id="72">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wall_front_brick"/>
  </properties>
 </tile>
 <tile id="73">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wall_front_plaster"/>
  </properties>
 </tile>
 <tile id="74">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wall_window_wood"/>
  </properties>
 </tile>
 <tile id="75">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wall_window_brick"/>
  </properties>
 </tile>
 <tile id="76">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wall_window_plaster"/>
  </properties>
 </tile>
 <tile id="77">
  <properties>
   <property name="name" value="door_wood"/>
  </properties>
 </tile>
 <tile id="78">
  <properties>
   <property name="name" value="door_brick"/>
  </properties>
 </tile>
 <tile id="79">
  <properties>
   <property name="name" value="door_plaster"/>
  </properties>
 </tile>
 <tile id="80">
  <properties>
   <property name="name" value="door_inner"/>
  </properties>
 </tile>
 <tile id="81">
  <properties>
   <property name="name" value="awning_l"/>
  </properties>
 </tile>
 <tile id="82">
  <properties>
   <property name="name" value="awning_c"/>
  </properties>
 </tile>
 <tile id="83">
  <properties>
   <property name="name" value="awning_r"/>
  </properties>
 </tile>
 <tile id="84">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_cafe"/>
  </properties>
 </tile>
 <tile id="85">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_store"/>
  </properties>
 </tile>
 <tile id="86">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_office"/>
  </properties>
 </tile>
 <tile id="87">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_home"/>
  </properties>
 </tile>
 <tile id="88">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_park"/>
  </properties>
 </tile>
 <tile id="89">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_gym"/>
  </properties>
 </tile>
 <tile id="90">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_library"/>
  </properties>
 </tile>
 <tile id="91">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_school"/>
  </properties>
 </tile>
 <tile id="92">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_restaurant"/>
  </properties>
 </tile>
 <tile id="93">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sign_apartment"/>
  </properties>
 </tile>
 <tile id="94">
  <properties>
   <property name="name" value="roof_red_tl"/>
  </properties>
 </tile>
 <tile id="95">
  <properties>
   <property name="name" value="roof_red_t"/>
  </properties>
 </tile>
 <tile id="96">
  <properties>
   <property name="name" value="roof_red_tr"/>
  </properties>
 </tile>
 <tile id="97">
  <properties>
   <property name="name" value="roof_red_l"/>
  </properties>
 </tile>
 <tile id="98">
  <properties>
   <property name="name" value="roof_red_c"/>
  </properties>
 </tile>
 <tile id="99">
  <properties>
   <property name="name" value="roof_red_r"/>
  </properties>
 </tile>
 <tile id="100">
  <properties>
   <property name="name" value="roof_red_bl"/>
  </properties>
 </tile>
 <tile id="101">
  <properties>
   <property name="name" value="roof_red_b"/>
  </properties>
 </tile>
 <tile id="102">
  <properties>
   <property name="name" value="roof_red_br"/>
  </properties>
 </tile>
 <tile id="103">
  <properties>
   <property name="name" value="roof_blue_tl"/>
  </properties>
 </tile>
 <tile id="104">
  <properties>
   <property name="name" value="roof_blue_t"/>
  </properties>
 </tile>
 <tile id="105">
  <properties>
   <property name="name" value="roof_blue_tr"/>
  </properties>
 </tile>
 <tile id="106">
  <properties>
   <property name="name" value="roof_blue_l"/>
  </properties>
 </tile>
 <tile id="107">
  <properties>
   <property name="name" value="roof_blue_c"/>
  </properties>
 </tile>
 <tile id="108">
  <properties>
   <property name="name" value="roof_blue_r"/>
  </properties>
 </tile>
 <tile id="109">
  <properties>
   <property name="name" value="roof_blue_bl"/>
  </properties>
 </tile>
 <tile id="110">
  <properties>
   <property name="name" value="roof_blue_b"/>
  </properties>
 </tile>
 <tile id="111">
  <properties>
   <property name="name" value="roof_blue_br"/>
  </properties>
 </tile>
 <tile id="112">
  <properties>
   <property name="name" value="roof_green_tl"/>
  </properties>
 </tile>
 <tile id="113">
  <properties>
   <property name="name" value="roof_green_t"/>
  </properties>
 </tile>
 <tile id="114">
  <properties>
   <property name="name" value="roof_green_tr"/>
  </properties>
 </tile>
 <tile id="115">
  <properties>
   <property name="name" value="roof_green_l"/>
  </properties>
 </tile>
 <tile id="116">
  <properties>
   <property name="name" value="roof_green_c"/>
  </properties>
 </tile>
 <tile id="117">
  <properties>
   <property name="name" value="roof_green_r"/>
  </properties>
 </tile>
 <tile id="118">
  <properties>
   <property name="name" value="roof_green_bl"/>
  </properties>
 </tile>
 <tile id="119">
  <properties>
   <property name="name" value="roof_green_b"/>
  </properties>
 </tile>
 <tile id="120">
  <properties>
   <property name="name" value="roof_green_br"/>
  </properties>
 </tile>
 <tile id="121">
  <properties>
   <property name="name" value="roof_brown_tl"/>
  </properties>
 </tile>
 <tile id="122">
  <properties>
   <property name="name" value="roof_brown_t"/>
  </properties>
 </tile>
 <tile id="123">
  <properties>
   <property name="name" value="roof_brown_tr"/>
  </properties>
 </tile>
 <tile id="124">
  <properties>
   <property name="name" value="roof_brown_l"/>
  </properties>
 </tile>
 <tile id="125">
  <properties>
   <property name="name" value="roof_brown_c"/>
  </properties>
 </tile>
 <tile id="126">
  <properties>
   <property name="name" value="roof_brown_r"/>
  </properties>
 </tile>
 <tile id="127">
  <properties>
   <property name="name" value="roof_brown_bl"/>
  </properties>
 </tile>
 <tile id="128">
  <properties>
   <property name="name" value="roof_brown_b"/>
  </properties>
 </tile>
 <tile id="129">
  <properties>
   <property name="name" value="roof_brown_br"/>
  </properties>
 </tile>
 <tile id="130">
  <properties>
   <property name="name" value="roof_purple_tl"/>
  </properties>
 </tile>
 <tile id="131">
  <properties>
   <property name="name" value="roof_purple_t"/>
  </properties>
 </tile>
 <tile id="132">
  <properties>
   <property name="name" value="roof_purple_tr"/>
  </properties>
 </tile>
 <tile id="133">
  <properties>
   <property name="name" value="roof_purple_l"/>
  </properties>
 </tile>
 <tile id="134">
  <properties>
   <property name="name" value="roof_purple_c"/>
  </properties>
 </tile>
 <tile id="135">
  <properties>
   <property name="name" value="roof_purple_r"/>
  </properties>
 </tile>
 <tile id="136">
  <properties>
   <property name="name" value="roof_purple_bl"/>
  </properties>
 </tile>
 <tile id="137">
  <properties>
   <property name="name" value="roof_purple_b"/>
  </properties>
 </tile>
 <tile id="138">
  <properties>
   <property name="name" value="roof_purple_br"/>
  </properties>
 </tile>
 <tile id="139">
  <properties>
   <property name="name" value="chimney"/>
  </properties>
 </tile>
 <tile id="140">
  <properties>
   <property name="name" value="floor_wood"/>
  </properties>
 </tile>
 <tile id="141">
  <properties>
   <property name="name" value="floor_wood_dark"/>
  </properties>
 </tile>
 <tile id="142">
  <properties>
   <property name="name" value="floor_tile"/>
  </properties>
 </tile>
 <tile id="143">
  <properties>
   <property name="name" value="floor_checker"/>
  </properties>
 </tile>
 <tile id="144">
  <properties>
   <property name="name" value="floor_carpet_red"/>
  </properties>
 </tile>
 <tile id="145">
  <properties>
   <property name="name" value="floor_carpet_blue"/>
  </properties>
 </tile>
 <tile id="146">
  <properties>
   <property name="name" value="floor_stone"/>
  </properties>
 </tile>
 <tile id="147">
  <properties>
   <property name="name" value="floor_office"/>
  </properties>
 </tile>
 <tile id="148">
  <properties>
   <property name="name" value="rug"/>
  </properties>
 </tile>
 <tile id="149">
  <properties>
   <property name="name" value="bed_top"/>
  </properties>
 </tile>
 <tile id="150">
  <properties>
   <property name="name" value="bed_bottom"/>
  </properties>
 </tile>
 <tile id="151">
  <properties>
   <property name="name" value="chair"/>
  </properties>
 </tile>
 <tile id="152">
  <properties>
   <property name="name" value="sofa_l"/>
  </properties>
 </tile>
 <tile id="153">
  <properties>
   <property name="name" value="sofa_r"/>
  </properties>
 </tile>
 <tile id="154">
  <properties>
   <property name="name" value="bench_l"/>
  </properties>
 </tile>
 <tile id="155">
  <properties>
   <property name="name" value="bench_r"/>
  </properties>
 </tile>
 <tile id="156">
  <properties>
   <property name="name" value="stool"/>
  </properties>
 </tile>
 <tile id="157">
  <properties>
   <property name="name" value="mat"/>
  </properties>
 </tile>
 <tile id="158">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="desk"/>
  </properties>
 </tile>
 <tile id="159">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="computer"/>
  </properties>
 </tile>
 <tile id="160">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="table"/>
  </properties>
 </tile>
 <tile id="161">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="table_round"/>
  </properties>
 </tile>
 <tile id="162">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="counter"/>
  </properties>
 </tile>
 <tile id="163">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="counter_register"/>
  </properties>
 </tile>
 <tile id="164">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="stove"/>
  </properties>
 </tile>
 <tile id="165">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="fridge"/>
  </properties>
 </tile>
 <tile id="166">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="sink"/>
  </properties>
 </tile>
 <tile id="167">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="coffee_machine"/>
  </properties>
 </tile>
 <tile id="168">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="shelf_books"/>
  </properties>
 </tile>
 <tile id="169">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="shelf_goods_0"/>
  </properties>
 </tile>
 <tile id="170">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="shelf_goods_1"/>
  </properties>
 </tile>
 <tile id="171">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="display_case"/>
  </properties>
 </tile>
 <tile id="172">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="tv"/>
  </properties>
 </tile>
 <tile id="173">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="plant_pot"/>
  </properties>
 </tile>
 <tile id="174">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="lamp"/>
  </properties>
 </tile>
 <tile id="175">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wardrobe"/>
  </properties>
 </tile>
 <tile id="176">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="bathtub"/>
  </properties>
 </tile>
 <tile id="177">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="toilet"/>
  </properties>
 </tile>
 <tile id="178">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="fountain_tl"/>
  </properties>
 </tile>
 <tile id="179">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="fountain_tr"/>
  </properties>
 </tile>
 <tile id="180">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="fountain_bl"/>
  </properties>
 </tile>
 <tile id="181">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="fountain_br"/>
  </properties>
 </tile>
 <tile id="182">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="treadmill"/>
  </properties>
 </tile>
 <tile id="183">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="weights"/>
  </properties>
 </tile>
 <tile id="184">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="blackboard"/>
  </properties>
 </tile>
 <tile id="185">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="school_desk"/>
  </properties>
 </tile>
 <tile id="186">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="crate"/>
  </properties>
 </tile>
 <tile id="187">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="barrel"/>
  </properties>
 </tile>
 <tile id="188">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="piano"/>
  </properties>
 </tile>
 <tile id="189">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="oven"/>
  </properties>
 </tile>
 <tile id="190">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="dining_table"/>
  </properties>
 </tile>
 <tile id="191">
  <properties>
   <property name="name" value="shadow_e"/>
  </properties>
 </tile>
 <tile id="192">
  <properties>
   <property name="name" value="shadow_e_top"/>
  </properties>
 </tile>
 <tile id="193">
  <properties>
   <property name="name" value="shadow_s"/>
  </properties>
 </tile>
 <tile id="194">
  <properties>
   <property name="name" value="shadow_s_left"/>
  </properties>
 </tile>
 <tile id="195">
  <properties>
   <property name="name" value="shadow_se"/>
  </properties>
 </tile>
 <tile id="196">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wall_inner_front"/>
  </properties>
 </tile>
 <tile id="197">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="wall_inner_window"/>
  </properties>
 </tile>
 <tile id="198">
  <properties>
   <property name="name" value="path_3_n1"/>
  </properties>
 </tile>
 <tile id="199">
  <properties>
   <property name="name" value="path_6_n2"/>
  </properties>
 </tile>
 <tile id="200">
  <properties>
   <property name="name" value="path_7_n1"/>
  </properties>
 </tile>
 <tile id="201">
  <properties>
   <property name="name" value="path_7_n2"/>
  </properties>
 </tile>
 <tile id="202">
  <properties>
   <property name="name" value="path_7_n3"/>
  </properties>
 </tile>
 <tile id="203">
  <properties>
   <property name="name" value="path_9_n8"/>
  </properties>
 </tile>
 <tile id="204">
  <properties>
   <property name="name" value="path_11_n1"/>
  </properties>
 </tile>
 <tile id="205">
  <properties>
   <property name="name" value="path_11_n8"/>
  </properties>
 </tile>
 <tile id="206">
  <properties>
   <property name="name" value="path_11_n9"/>
  </properties>
 </tile>
 <tile id="207">
  <properties>
   <property name="name" value="path_12_n4"/>
  </properties>
 </tile>
 <tile id="208">
  <properties>
   <property name="name" value="path_13_n4"/>
  </properties>
 </tile>
 <tile id="209">
  <properties>
   <property name="name" value="path_13_n8"/>
  </properties>
 </tile>
 <tile id="210">
  <properties>
   <property name="name" value="path_13_n12"/>
  </properties>
 </tile>
 <tile id="211">
  <properties>
   <property name="name" value="path_14_n2"/>
  </properties>
 </tile>
 <tile id="212">
  <properties>
   <property name="name" value="path_14_n4"/>
  </properties>
 </tile>
 <tile id="213">
  <properties>
   <property name="name" value="path_14_n6"/>
  </properties>
 </tile>
 <tile id="214">
  <properties>
   <property name="name" value="path_15_n1"/>
  </properties>
 </tile>
 <tile id="215">
  <properties>
   <property name="name" value="path_15_n2"/>
  </properties>
 </tile>
 <tile id="216">
  <properties>
   <property name="name" value="path_15_n3"/>
  </properties>
 </tile>
 <tile id="217">
  <properties>
   <property name="name" value="path_15_n4"/>
  </properties>
 </tile>
 <tile id="218">
  <properties>
   <property name="name" value="path_15_n5"/>
  </properties>
 </tile>
 <tile id="219">
  <properties>
   <property name="name" value="path_15_n6"/>
  </properties>
 </tile>
 <tile id="220">
  <properties>
   <property name="name" value="path_15_n7"/>
  </properties>
 </tile>
 <tile id="221">
  <properties>
   <property name="name" value="path_15_n8"/>
  </properties>
 </tile>
 <tile id="222">
  <properties>
   <property name="name" value="path_15_n9"/>
  </properties>
 </tile>
 <tile id="223">
  <properties>
   <property name="name" value="path_15_n10"/>
  </properties>
 </tile>
 <tile id="224">
  <properties>
   <property name="name" value="path_15_n11"/>
  </properties>
 </tile>
 <tile id="225">
  <properties>
   <property name="name" value="path_15_n12"/>
  </properties>
 </tile>
 <tile id="226">
  <properties>
   <property name="name" value="path_15_n13"/>
  </properties>
 </tile>
 <tile id="227">
  <properties>
   <property name="name" value="path_15_n14"/>
  </properties>
 </tile>
 <tile id="228">
  <properties>
   <property name="name" value="path_15_n15"/>
  </properties>
 </tile>
 <tile id="229">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_3_n1"/>
  </properties>
 </tile>
 <tile id="230">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_6_n2"/>
  </properties>
 </tile>
 <tile id="231">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_7_n1"/>
  </properties>
 </tile>
 <tile id="232">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_7_n2"/>
  </properties>
 </tile>
 <tile id="233">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_7_n3"/>
  </properties>
 </tile>
 <tile id="234">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_9_n8"/>
  </properties>
 </tile>
 <tile id="235">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_11_n1"/>
  </properties>
 </tile>
 <tile id="236">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_11_n8"/>
  </properties>
 </tile>
 <tile id="237">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_11_n9"/>
  </properties>
 </tile>
 <tile id="238">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_12_n4"/>
  </properties>
 </tile>
 <tile id="239">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_13_n4"/>
  </properties>
 </tile>
 <tile id="240">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_13_n8"/>
  </properties>
 </tile>
 <tile id="241">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_13_n12"/>
  </properties>
 </tile>
 <tile id="242">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_14_n2"/>
  </properties>
 </tile>
 <tile id="243">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_14_n4"/>
  </properties>
 </tile>
 <tile id="244">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_14_n6"/>
  </properties>
 </tile>
 <tile id="245">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n1"/>
  </properties>
 </tile>
 <tile id="246">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n2"/>
  </properties>
 </tile>
 <tile id="247">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n3"/>
  </properties>
 </tile>
 <tile id="248">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n4"/>
  </properties>
 </tile>
 <tile id="249">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n5"/>
  </properties>
 </tile>
 <tile id="250">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n6"/>
  </properties>
 </tile>
 <tile id="251">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n7"/>
  </properties>
 </tile>
 <tile id="252">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n8"/>
  </properties>
 </tile>
 <tile id="253">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n9"/>
  </properties>
 </tile>
 <tile id="254">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n10"/>
  </properties>
 </tile>
 <tile id="255">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n11"/>
  </properties>
 </tile>
 <tile id="256">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n12"/>
  </properties>
 </tile>
 <tile id="257">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n13"/>
  </properties>
 </tile>
 <tile id="258">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n14"/>
  </properties>
 </tile>
 <tile id="259">
  <properties>
   <property name="collide" type="bool" value="true"/>
   <property name="name" value="water_15_n15"/>
  </properties>
 </tile>
 <tile id="260">
  <properties>
   <property name="name" value="roof_red_ridge_l"/>
  </properties>
 </tile>
 <tile id="261">
  <properties>
   <property name="name" value="roof_red_ridge_c"/>
  </properties>
 </tile>
 <tile id="262">
  <properties>
   <property name="name" value="roof_red_ridge_r"/>
  </properties>
 </tile>
 <tile id="263">
  <properties>
   <property name="name" value="roof_red_dormer"/>
  </properties>
 </tile>
 <tile id="264">
  <properties>
   <property name="name" value="roof_red_skylight"/>
  </properties>
 </tile>
 <tile id="265">
  <properties>
   <property name="name" value="roof_red_n_tl"/>
  </properties>
 </tile>
 <tile id="266">
  <properties>
   <property name="name" value="roof_red_n_t"/>
  </properties>
 </tile>
 <tile id="267">
  <properties>
   <property name="name" value="roof_red_n_tr"/>
  </properties>
 </tile>
 <tile id="268">
  <properties>
   <property name="name" value="roof_red_n_l"/>
  </properties>
 </tile>
 <tile id="269">
  <properties>
   <property name="name" value="roof_red_n_c"/>
  </properties>
 </tile>
 <tile id="270">
  <properties>
   <property name="name" value="roof_red_n_r"/>
  </properties>
 </tile>
 <tile id="271">
  <properties>
   <property name="name" value="roof_blue_ridge_l"/>
  </properties>
 </tile>
 <tile id="272">
  <properties>
   <property name="name" value="roof_blue_ridge_c"/>
  </properties>
 </tile>
 <tile id="273">
  <properties>
   <property name="name" value="roof_blue_ridge_r"/>
  </properties>
 </tile>
 <tile id="274">
  <properties>
   <property name="name" value="roof_blue_dormer"/>
  </properties>
 </tile>
 <tile id="275">
  <properties>
   <property name="name" value="roof_blue_skylight"/>
  </properties>
 </tile>
 <tile id="276">
  <properties>
   <property name="name" value="roof_blue_n_tl"/>
  </properties>
 </tile>
 <tile id="277">
  <properties>
   <property name="name" value="roof_blue_n_t"/>
  </properties>
 </tile>
 <tile id="278">
  <properties>
   <property name="name" value="roof_blue_n_tr"/>
  </properties>
 </tile>
 <tile id="279">
  <properties>
   <property name="name" value="roof_blue_n_l"/>
  </properties>
 </tile>
 <tile id="280">
  <properties>
   <property name="name" value="roof_blue_n_c"/>
  </properties>
 </tile>
 <tile id="281">
  <properties>
   <property name="name" value="roof_blue_n_r"/>
  </properties>
 </tile>
 <tile id="282">
  <properties>
   <property name="name" value="roof_green_ridge_l"/>
  </properties>
 </tile>
 <tile id="283">
  <properties>
   <property name="name" value="roof_green_ridge_c"/>
  </properties>
 </tile>
 <tile id="284">
  <properties>
   <property name="name" value="roof_green_ridge_r"/>
  </properties>
 </tile>
 <tile id="285">
  <properties>
   <property name="name" value="roof_green_dormer"/>
  </properties>
 </tile>
 <tile id="286">
  <properties>
   <property name="name" value="roof_green_skylight"/>
  </properties>
 </tile>
 <tile id="287">
  <properties>
   <property name="name" value="roof_green_n_tl"/>
  </properties>
 </tile>
 <tile id="288">
  <properties>
   <property name="name" value="roof_green_n_t"/>
  </properties>
 </tile>
 <tile id="289">
  <properties>
   <property name="name" value="roof_green_n_tr"/>
  </properties>
 </tile>
 <tile id="290">
  <properties>
   <property name="name" value="roof_green_n_l"/>
  </properties>
 </tile>
 <tile id="291">
  <properties>
   <property name="name" value="roof_green_n_c"/>
  </properties>
 </tile>
 <tile id="292">
  <properties>
   <property name="name" value="roof_green_n_r"/>
  </properties>
 </tile>
 <tile id="293">
  <properties>
   <property name="name" value="roof_brown_ridge_l"/>
  </properties>
 </tile>
 <tile id="294">
  <properties>
   <property name="name" value="roof_brown_ridge_c"/>
  </properties>
 </tile>
 <tile id="295">
  <properties>
   <property name="name" value="roof_brown_ridge_r"/>
  </properties>
 </tile>
 <tile id="296">
  <properties>
   <property name="name" value="roof_brown_dormer"/>
  </properties>
 </tile>
 <tile id="297">
  <properties>
   <property name="name" value="roof_brown_skylight"/>
  </properties>
 </tile>
 <tile id="298">
  <properties>
   <property name="name" value="roof_brown_n_tl"/>
  </properties>
 </tile>
 <tile id="299">
  <properties>
   <property name="name" value="roof_brown_n_t"/>
  </properties>
 </tile>
 <tile id="300">
  <properties>
   <property name="name" value="roof_brown_n_tr"/>
  </properties>
 </tile>
 <tile id="301">
  <properties>
   <property name="name" value="roof_brown_n_l"/>
  </properties>
 </tile>
 <tile id="302">
  <properties>
   <property name="name" value="roof_brown_n_c"/>
  </properties>
 </tile>
 <tile id="303">
  <properties>
   <property name="name" value="roof_brown_n_r"/>
  </properties>
 </tile>
 <tile id="304">
  <properties>
   <property name="name" value="roof_purple_ridge_l"/>
  </properties>
 </tile>
 <tile id="305">
  <properties>
   <property name="name" value="roof_purple_ridge_c"/>
  </properties>
 </tile>
 <tile id="306">
  <properties>
   <property name="name" value="roof_purple_ridge_r"/>
  </properties>
 </tile>
 <tile id="307">
  <properties>
   <property name="name" value="roof_purple_dormer"/>
  </properties>
 </tile>
 <tile id="308">
  <properties>
   <property name="name" value="roof_purple_skylight"/>
  </properties>
 </tile>
 <tile id="309">
  <properties>
   <property name="name" value="roof_purple_n_tl"/>
  </properties>
 </tile>
 <tile id="310">
  <properties>
   <property name="name" value="roof_purple_n_t"/>
  </properties>
 </tile>
 <tile id="311">
  <properties>
   <property name="name" value="roof_purple_n_tr"/>
  </properties>
 </tile>
 <tile id="312">
  <properties>
   <property name="name" value="roof_purple_n_l"/>
  </properties>
 </tile>
 <tile id="313">
  <properties>
   <property name="name" value="roof_purple_n_c"/>
  </properties>
 </tile>
 <tile id="314">
  <properties>
   <property name="name" value="roof_purple_n_r"/>
  </properties>
 </tile>
</tileset>
